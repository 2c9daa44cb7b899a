import Core
import Kube
import Resources

/// `kserve scale NAME`: a merge patch of spec.predictor (InferenceService has no /scale subresource), then waits
/// until the new generation is Ready.
struct ScaleCommand {
    let context: CommandContext

    func run() async throws(KServeError) -> Int32 {
        let invocation = context.invocation
        guard let name = invocation.positionals.first, !name.isEmpty else {
            throw KServeError(.usage, "scale needs the NAME of an InferenceService")
        }
        let predictor = try Self.predictorPatch(invocation)
        let deadline = context.deadline()
        let target = try context.clusterTarget(deadline: deadline)
        _ = try await target.client.discoverKServe()
        let patched: Value
        do throws(KServeError) {
            patched = try await target.client.mergePatch(
                .inferenceService,
                name: name,
                namespace: target.namespace,
                patch: ["spec": ["predictor": .object(predictor)]]
            )
        } catch  where error.code == .notFound {
            throw KServeError(
                .notFound,
                "inferenceservice/\(name) not found in namespace \(target.namespace)",
                cause: error
            )
        }
        var final = patched
        if !invocation.flag(.noWait) {
            let waiter = ReadinessWaiter(
                client: target.client,
                progress: ProgressLine(terminal: context.terminal, quiet: context.quiet)
            )
            final = try await waiter.waitReady(
                .inferenceService,
                name: name,
                namespace: target.namespace,
                deadline: deadline
            )
        }
        switch context.outputFormat {
        case "name": context.terminal.out("inferenceservice/\(name)\n")
        case "json": context.printJSON(final)
        case "yaml": context.terminal.out(YAMLWriter.string(final))
        default:
            if !context.quiet {
                let summary = InferenceServiceSummary(final, now: InferenceServiceSummary.now())
                context.terminal.err("inferenceservice/\(name) scaled (min/max \(summary.minMax))\n")
            }
        }
        return ExitStatus.success
    }

    /// The fields of spec.predictor the flags set; at least one flag is required.
    static func predictorPatch(_ invocation: Invocation) throws(KServeError) -> ValueObject {
        var predictor = ValueObject()
        if let minimum = invocation.int(.min) {
            guard minimum >= 0 else { throw KServeError(.usage, "--min must be 0 or more, not \(minimum)") }
            predictor["minReplicas"] = .int(Int64(minimum))
        }
        if let maximum = invocation.int(.max) {
            guard maximum >= 1 else { throw KServeError(.usage, "--max must be 1 or more, not \(maximum)") }
            if let minimum = invocation.int(.min), minimum > maximum {
                throw KServeError(.usage, "--min \(minimum) is larger than --max \(maximum)")
            }
            predictor["maxReplicas"] = .int(Int64(maximum))
        }
        let metric = invocation.value(.metric)
        if let targetValue = invocation.int(.target) {
            guard targetValue >= 1 else { throw KServeError(.usage, "--target must be 1 or more, not \(targetValue)") }
            guard let metric else {
                throw KServeError(.usage, "--target needs --metric concurrency|rps|cpu|memory")
            }
            predictor["scaleTarget"] = .int(Int64(targetValue))
            predictor["scaleMetric"] = .string(metric)
        } else if metric != nil {
            throw KServeError(.usage, "--metric needs --target N")
        }
        if let canary = invocation.int(.canary) {
            guard (0...100).contains(canary) else {
                throw KServeError(.usage, "--canary must be a percentage from 0 to 100, not \(canary)")
            }
            predictor["canaryTrafficPercent"] = .int(Int64(canary))
        }
        guard !predictor.keys.isEmpty else {
            throw KServeError(.usage, "scale needs at least one of --min, --max, --target with --metric, --canary")
        }
        return predictor
    }
}
