import Core
import Kube
import Resources

/// `kserve deploy FILE... | -f -`: server-side applies KServe manifests and waits until they are Ready.
struct DeployCommand {
    let context: CommandContext

    func run() async throws(KServeError) -> Int32 {
        let invocation = context.invocation
        let manifests = try ManifestInput.load(
            invocation.values(.filename) + invocation.positionals,
            command: "deploy"
        )
        try ManifestInput.checkNamespaces(manifests, requested: invocation.value(.namespace))
        let dryRun = try invocation.defaulted(.dryRun)
        let format = context.outputFormat
        if dryRun == "client" {
            printResults(manifests.map { ($0.resourceKind, $0.value) }, format: format, verb: "checked (dry run)")
            return ExitStatus.success
        }

        let deadline = context.deadline()
        let target = try context.clusterTarget(deadline: deadline)
        let discovery = try await target.client.discoverKServe()
        let workingDirectory = StorageURIResolution.currentDirectory()
        var applied: [(ResourceKind, Value)] = []
        for manifest in manifests {
            guard discovery.supports(manifest.resourceKind) else {
                throw KServeError(
                    .notFound,
                    "\(manifest.origin): the cluster does not serve \(manifest.resourceKind.plural).\(manifest.resourceKind.group)/\(manifest.resourceKind.version)"
                )
            }
            var object = manifest.value
            if target.isLocal {
                object = StorageURIResolution.resolved(
                    object,
                    manifestSource: manifest.source,
                    workingDirectory: workingDirectory
                )
            }
            let result: Value
            do throws(KServeError) {
                result = try await target.client.apply(
                    object,
                    kind: manifest.resourceKind,
                    namespace: manifest.namespace(orDefault: target.namespace),
                    force: invocation.flag(.forceConflicts),
                    dryRun: dryRun == "server"
                )
            } catch {
                throw KServeError(error.code, "\(manifest.origin): \(error.message)", cause: error)
            }
            if format == "text" && !context.quiet {
                let suffix = dryRun == "server" ? " (server dry run)" : ""
                context.terminal.err("\(manifest.resourceKind.singular)/\(manifest.name) applied\(suffix)\n")
            }
            applied.append((manifest.resourceKind, result))
        }
        if dryRun == "server" || invocation.flag(.noWait) {
            printResults(applied, format: format, verb: nil)
            return ExitStatus.success
        }

        let waiter = ReadinessWaiter(
            client: target.client,
            progress: ProgressLine(terminal: context.terminal, quiet: context.quiet)
        )
        var ready: [(ResourceKind, Value)] = []
        for (kind, object) in applied {
            guard kind == .inferenceService || kind == .trainedModel else {
                ready.append((kind, object))
                continue
            }
            let name = object["metadata"]?["name"]?.stringValue ?? ""
            let namespace = object["metadata"]?["namespace"]?.stringValue
            let final = try await waiter.waitReady(kind, name: name, namespace: namespace, deadline: deadline)
            if format == "text" && !context.quiet { context.terminal.err("\(kind.singular)/\(name) is Ready\n") }
            ready.append((kind, final))
        }
        printResults(ready, format: format, verb: nil)
        return ExitStatus.success
    }

    /// `-o text` (the default): the URL of each InferenceService and TrainedModel (stdout), or the verb line for a dry run.
    /// `-o name`: `kind/name` lines. `-o json|yaml`: the objects (a List when there are several).
    private func printResults(_ objects: [(ResourceKind, Value)], format: String, verb: String?) {
        switch format {
        case "name":
            for (kind, object) in objects {
                context.terminal.out("\(kind.singular)/\(object["metadata"]?["name"]?.stringValue ?? "")\n")
            }
        case "json", "yaml":
            let document: Value =
                objects.count == 1
                ? objects[0].1
                : ["apiVersion": "v1", "kind": "List", "items": .array(objects.map(\.1))]
            if format == "json" {
                context.printJSON(document)
            } else {
                context.terminal.out(YAMLWriter.string(document))
            }
        default:
            for (kind, object) in objects {
                let name = object["metadata"]?["name"]?.stringValue ?? ""
                if let verb {
                    context.terminal.out("\(kind.singular)/\(name) \(verb)\n")
                } else if let url = object["status"]?["url"]?.stringValue, !url.isEmpty {
                    context.terminal.out(url + "\n")
                }
            }
        }
    }
}
