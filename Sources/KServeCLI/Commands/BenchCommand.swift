import Bench
import Core
import CurlHTTP
import Inference

/// `kserve bench`: checks the endpoint and the models, renders each model's request once, runs the load engine
/// and prints the report (and, with --compare, the changes against an earlier one).
struct BenchCommand {
    let context: CommandContext

    func run() async throws(KServeError) -> Int32 {
        let settings = try BenchSettings(context.invocation, outputFormat: context.outputFormat)
        let endpoint = try context.inferenceEndpoint()
        let target = try BenchTarget.parse(url: endpoint.baseURL, hostHeader: endpoint.headers["Host"])
        let previous = try settings.comparePath.map { (path) throws(KServeError) in
            let source = InputFile.displayName(path)
            return try ReportReader.read(
                json: String(decoding: try InputFile.read(path), as: UTF8.self),
                source: source
            )
        }
        let http = try context.makeHTTPClient(timeout: min(endpoint.timeout ?? 30, 30))
        let client = InferenceClient(endpoint: endpoint, http: http)

        let models = try resolveModels(settings.models, client: client)
        let requests = try BenchRequests.make(
            models: models,
            settings: settings,
            client: client,
            target: target,
            endpoint: endpoint
        )
        let address = try target.resolveAddress()
        let statistics = HTTPServerStatistics(
            client: http,
            baseURL: endpoint.baseURL,
            headers: endpoint.headers,
            models: models
        )
        let hasStatistics = await statistics.read() != nil

        let plan = LoadPlan(
            address: address,
            templates: requests.templates,
            distribution: settings.distribution,
            mode: settings.mode,
            connections: settings.connections,
            duration: settings.duration,
            requests: settings.requests,
            warmup: settings.warmup,
            timeout: settings.timeout,
            stability: settings.stability,
            seed: settings.seed,
            threads: settings.threads
        )
        let progress = BenchProgress(terminal: context.terminal, enabled: !context.quiet)
        let startedAt = RFC3339.now()
        var onProgress: LoadEngine.Progress?
        if progress.isEnabled {
            onProgress = { level, elapsed, window in progress.show(level, elapsed, window) }
        }
        let engine = LoadEngine(
            plan: plan,
            stop: StopSignal(watchingInterrupt: true),
            serverStatistics: hasStatistics ? statistics : nil,
            progress: onProgress
        )
        let outcome: LoadOutcome
        do throws(KServeError) {
            outcome = try await engine.run()
        } catch {
            progress.clear()
            throw error
        }
        progress.clear()

        let report = BenchReport(
            version: BuildInfo.version,
            startedAt: startedAt,
            target: endpoint.baseURL,
            protocolName: requests.protocolVersion.rawValue,
            binary: settings.binary,
            mode: Self.reportMode(settings.mode),
            levels: outcome.levels,
            warnings: outcome.warnings,
            interrupted: outcome.interrupted
        )
        let color = context.terminal.color && context.terminal.stdoutIsTTY
        context.terminal.out(ReportRenderer.render(report, as: settings.format, color: color))
        if settings.format != .human {
            for warning in report.warnings { context.terminal.warning(warning) }
        }
        if let previous {
            let comparison = ReportComparison.render(previous: previous, current: report)
            if settings.format == .human {
                context.terminal.out("\n" + comparison)
            } else {
                context.terminal.err(comparison)
            }
        }
        if outcome.interrupted {
            context.terminal.err("interrupted: the report holds what was measured until Ctrl-C\n")
            return ExitStatus.interrupted
        }
        return ExitStatus.success
    }

    /// Expands patterns against the endpoint's list; an unreachable endpoint fails here, before any load.
    private func resolveModels(_ entries: [String], client: InferenceClient) throws(KServeError) -> [String] {
        guard entries.contains(where: ModelSelection.isPattern) else { return entries }
        let listed = try client.listModels().models.map(\.name)
        return try ModelSelection.expand(entries, available: listed)
    }

    private static func reportMode(_ mode: LoadPlan.Mode) -> BenchReport.Mode {
        switch mode {
        case .closedLoop: return .closedLoop
        case .openLoop(_, let arrival): return .openLoop(arrival)
        }
    }
}
