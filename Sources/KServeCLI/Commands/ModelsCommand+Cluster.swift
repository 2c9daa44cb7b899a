import Core
import Kube
import Resources

extension ModelsCommand {
    /// Lists the InferenceServices of the namespace (or all with -A), describes one, or watches them.
    func runCluster() async throws(KServeError) -> Int32 {
        let invocation = context.invocation
        let watching = invocation.flag(.watch)
        let deadline = watching ? nil : context.deadline()
        let target = try context.clusterTarget(deadline: deadline)
        _ = try await target.client.discoverKServe()
        let all = invocation.flag(.allNamespaces)
        if let name = invocation.positionals.first {
            guard !all else { throw KServeError(.usage, "-A lists every namespace and cannot describe one NAME") }
            try await describeService(name, target: target)
            return ExitStatus.success
        }
        let list = try await target.client.list(.inferenceService, namespace: target.namespace, allNamespaces: all)
        printServices(list.items, allNamespaces: all, header: true, target: target)
        guard watching else { return ExitStatus.success }
        let events = target.client.watch(
            .inferenceService,
            namespace: target.namespace,
            resourceVersion: list.resourceVersion,
            allNamespaces: all
        )
        do {
            for try await event in events {
                if event.kind == .bookmark { continue }
                // kubectl -w prints the changed row; -o json/yaml/name print the changed object.
                printServices([event.object], allNamespaces: all, header: false, target: target)
            }
        } catch let error as KServeError {
            throw error
        } catch {
            throw KServeError(.transport, "watching inferenceservices failed", cause: error)
        }
        return ExitStatus.success
    }

    private func printServices(_ items: [Value], allNamespaces: Bool, header: Bool, target: ClusterTarget) {
        switch context.outputFormat {
        case "name":
            context.terminal.out(
                items.map { "inferenceservice/\($0["metadata"]?["name"]?.stringValue ?? "")\n" }.joined()
            )
        case "json":
            context.printJSON(header ? ["apiVersion": "v1", "kind": "List", "items": .array(items)] : items[0])
        case "yaml":
            let document: Value = header ? ["apiVersion": "v1", "kind": "List", "items": .array(items)] : items[0]
            context.terminal.out((header ? "" : "---\n") + YAMLWriter.string(document))
        default:
            if header && items.isEmpty {
                if !context.quiet {
                    let place = allNamespaces ? "any namespace" : "namespace \(target.namespace)"
                    context.terminal.err("No InferenceServices found in \(place).\n")
                }
                return
            }
            let wide = context.outputFormat == "wide"
            let table = ServiceTable.render(
                items,
                allNamespaces: allNamespaces,
                wide: wide,
                now: InferenceServiceSummary.now()
            )
            let lines = table.split(separator: "\n", omittingEmptySubsequences: false)
            context.terminal.out(header ? table : lines.dropFirst().filter { !$0.isEmpty }.map { $0 + "\n" }.joined())
        }
    }

    private func describeService(_ name: String, target: ClusterTarget) async throws(KServeError) {
        let object: Value
        do throws(KServeError) {
            object = try await target.client.get(.inferenceService, name: name, namespace: target.namespace)
        } catch  where error.code == .notFound {
            throw KServeError(
                .notFound,
                "inferenceservice/\(name) not found in namespace \(target.namespace)",
                cause: error
            )
        }
        switch context.outputFormat {
        case "name": context.terminal.out("inferenceservice/\(name)\n")
        case "json": context.printJSON(object)
        case "yaml": context.terminal.out(YAMLWriter.string(object))
        default:
            let trained = try await target.client.list(.trainedModel, namespace: target.namespace).items.filter {
                $0["spec"]?["inferenceService"]?.stringValue == name
            }
            context.terminal.out(
                ServiceDescription.render(object, trainedModels: trained, now: InferenceServiceSummary.now())
            )
        }
    }
}
