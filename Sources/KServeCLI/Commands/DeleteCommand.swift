import Core
import Kube
import Resources

/// `kserve delete NAME... | -f FILE`: deletes InferenceServices (or a manifest's objects) and waits until gone.
struct DeleteCommand {
    let context: CommandContext

    func run() async throws(KServeError) -> Int32 {
        let invocation = context.invocation
        let names = invocation.positionals
        let files = invocation.values(.filename)
        guard names.isEmpty != files.isEmpty else {
            throw KServeError(.usage, "delete needs either NAME... or -f FILE, not both and not neither")
        }
        var targets: [(kind: ResourceKind, name: String, namespace: String?)] = []
        let deadline = context.deadline()
        if !files.isEmpty {
            let manifests = try ManifestInput.load(files, command: "delete")
            try ManifestInput.checkNamespaces(manifests, requested: invocation.value(.namespace))
            let target = try context.clusterTarget(deadline: deadline)
            // Dependants first: TrainedModels before the InferenceServices they load into.
            for manifest in manifests.reversed() {
                targets.append((manifest.resourceKind, manifest.name, manifest.namespace(orDefault: target.namespace)))
            }
            return try await delete(targets, target: target, deadline: deadline)
        }
        let target = try context.clusterTarget(deadline: deadline)
        targets = names.map { (.inferenceService, $0, target.namespace) }
        return try await delete(targets, target: target, deadline: deadline)
    }

    private func delete(
        _ targets: [(kind: ResourceKind, name: String, namespace: String?)],
        target: ClusterTarget,
        deadline: ContinuousClock.Instant?
    ) async throws(KServeError) -> Int32 {
        _ = try await target.client.discoverKServe()
        let ignoreMissing = context.invocation.flag(.ignoreNotFound)
        var deleted: [(kind: ResourceKind, name: String, namespace: String?)] = []
        for item in targets {
            do throws(KServeError) {
                try await target.client.delete(item.kind, name: item.name, namespace: item.namespace)
                deleted.append(item)
            } catch  where error.code == .notFound {
                guard ignoreMissing else {
                    let place = item.namespace.map { " in namespace \($0)" } ?? ""
                    throw KServeError(.notFound, "\(item.kind.singular)/\(item.name) not found\(place)", cause: error)
                }
            }
        }
        if !context.invocation.flag(.noWait) {
            let waiter = ReadinessWaiter(
                client: target.client,
                progress: ProgressLine(terminal: context.terminal, quiet: context.quiet)
            )
            for item in deleted {
                try await waiter.waitGone(item.kind, name: item.name, namespace: item.namespace, deadline: deadline)
            }
        }
        for item in deleted {
            if context.outputFormat == "name" {
                context.terminal.out("\(item.kind.singular)/\(item.name)\n")
            } else if !context.quiet {
                context.terminal.err("\(item.kind.singular)/\(item.name) deleted\n")
            }
        }
        return ExitStatus.success
    }
}
