import Core
import NIOCore
import NIOPosix

/// Runs a `LoadPlan`: one event loop per thread drives keep-alive connections; this coordinator starts and stops
/// the levels, collects each loop's counts (filed by window from each request's origin), closes the windows once
/// their requests have ended and applies the stability rule.
package final class LoadEngine: Sendable {
    /// Called about once a second with the window running then, as far as its requests have ended.
    package typealias Progress = @Sendable (_ level: String, _ elapsed: Double, _ window: WindowSample) -> Void

    let plan: LoadPlan
    let stop: StopSignal
    let serverStatistics: (any ServerStatisticsSource)?
    let progress: Progress?

    package init(
        plan: LoadPlan,
        stop: StopSignal = StopSignal(),
        serverStatistics: (any ServerStatisticsSource)? = nil,
        progress: Progress? = nil
    ) {
        self.plan = plan
        self.stop = stop
        self.serverStatistics = serverStatistics
        self.progress = progress
    }

    /// Measures every level. Throws when every request of the warm-up (or of a whole level) failed.
    package func run() async throws(KServeError) -> LoadOutcome {
        guard !plan.templates.isEmpty else { throw KServeError(.usage, "nothing to send: no model was given") }
        let threads = max(1, plan.threads)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let workers = await makeWorkers(group: group, threads: threads)
        let result: Result<LoadOutcome, KServeError>
        do throws(KServeError) {
            result = .success(try await runLevels(workers))
        } catch {
            result = .failure(error)
        }
        await closeAll(workers)
        try? await group.shutdownGracefully()
        return try result.get()
    }

    private func makeWorkers(
        group: MultiThreadedEventLoopGroup,
        threads: Int
    ) async -> [NIOLoopBound<LoopWorker>] {
        let setup = LoopWorker.Setup(
            address: plan.address,
            templates: plan.templates,
            timeoutNanoseconds: UInt64(max(0.001, plan.timeout) * 1e9)
        )
        var workers: [NIOLoopBound<LoopWorker>] = []
        for (index, loop) in group.makeIterator().enumerated() where index < threads {
            let sampler = plan.distribution.makeSampler(
                modelCount: plan.templates.count,
                seed: plan.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
            )
            let worker = try? await loop.submit {
                NIOLoopBound(LoopWorker(eventLoop: loop, setup: setup, sampler: sampler), eventLoop: loop)
            }.get()
            if let worker { workers.append(worker) }
        }
        return workers
    }

    // MARK: - Levels

    private func runLevels(_ workers: [NIOLoopBound<LoopWorker>]) async throws(KServeError) -> LoadOutcome {
        var levels: [LevelReport] = []
        var warnings: [String] = []
        switch plan.mode {
        case .closedLoop(let concurrencies):
            for (index, concurrency) in concurrencies.enumerated() {
                let level = LevelKind.closed(concurrency)
                let measured = try await measure(level, workers: workers, warmup: index == 0 ? plan.warmup : 0)
                if let measured {
                    levels.append(measured.report)
                    warnings += measured.warnings
                }
                if stop.isStopped { break }
            }
        case .openLoop(let rate, let arrival):
            let level = LevelKind.open(rate, arrival)
            if let measured = try await measure(level, workers: workers, warmup: plan.warmup) {
                levels.append(measured.report)
                warnings += measured.warnings
            }
        }
        return LoadOutcome(levels: levels, warnings: warnings, interrupted: stop.isStopped)
    }

    enum LevelKind {
        case closed(Int)
        case open(Double, ArrivalProcess)

        var label: String {
            switch self {
            case .closed(let concurrency): return "c=\(concurrency)"
            case .open(let rate, _): return "r=\(rate)/s"
            }
        }
    }

    struct Measured {
        var report: LevelReport
        var warnings: [String]
    }

    // MARK: - Driving the workers

    /// Gives every worker the level's `control`, then starts the load; an open loop's schedule starts at `start`.
    func start(
        _ level: LevelKind,
        workers: [NIOLoopBound<LoopWorker>],
        control: RunControl,
        at start: UInt64
    ) async {
        for worker in workers {
            _ = try? await worker.eventLoop.submit { worker.value.setControl(control) }.get()
        }
        switch level {
        case .closed(let concurrency):
            let connections = max(1, min(concurrency, plan.connections ?? concurrency))
            let depths = (0..<connections).map { concurrency / connections + ($0 < concurrency % connections ? 1 : 0) }
            for (index, worker) in workers.enumerated() {
                let mine = stride(from: index, to: depths.count, by: workers.count).map { depths[$0] }
                _ = try? await worker.eventLoop.submit { worker.value.beginClosed(depths: mine) }.get()
            }
        case .open(let rate, let arrival):
            // A few thousand requests per second per loop; each loop runs its share of the rate, offset so the
            // merged schedule keeps the exact spacing.
            let used = min(workers.count, max(1, Int((rate / 5000).rounded(.up))))
            let connections = plan.connections ?? LoadPlan.defaultOpenConnections(rate: rate)
            let perLoop = max(1, (connections + used - 1) / used)
            for (index, worker) in workers.prefix(used).enumerated() {
                let schedule = ArrivalSchedule(
                    rate: rate / Double(used),
                    arrival: arrival,
                    seed: plan.seed &+ 0x5851_F42D &* UInt64(index + 1)
                )
                let offset = UInt64(Double(index) / rate * 1e9)
                _ = try? await worker.eventLoop.submit {
                    worker.value.beginOpen(schedule: schedule, start: start + offset, maxConnections: perLoop)
                }.get()
            }
        }
    }

    /// Gives every worker `control` and returns what they measured before it.
    @discardableResult

    /// What every worker measured since the last harvest, by phase.
    func harvest(_ workers: [NIOLoopBound<LoopWorker>]) async -> [PhaseHarvest] {
        var harvests: [PhaseHarvest] = []
        for worker in workers {
            if let taken = try? await worker.eventLoop.submit({ worker.value.harvest() }).get() {
                harvests.append(taken)
            }
        }
        return harvests
    }

    /// Stops sending at `moment` (an interrupted level); unsent intended sends before it count as dropped.
    func halt(_ workers: [NIOLoopBound<LoopWorker>], control: RunControl, at moment: UInt64) async {
        control.stop()
        for worker in workers {
            _ = try? await worker.eventLoop.submit { worker.value.halt(at: moment) }.get()
        }
    }

    /// Ends a level on every worker: requests still in flight count as unanswered; connections close.
    func closeAll(_ workers: [NIOLoopBound<LoopWorker>]) async {
        for worker in workers {
            _ = try? await worker.eventLoop.submit { worker.value.closeAll() }.get()
        }
    }

    /// Sleeps in short steps until `deadline`, an outside stop, or (with a budget) every request has ended.
    func sleep(until deadline: UInt64, control: RunControl?) async -> UInt64 {
        while true {
            let now = Clock.monotonicNanos()
            if now >= deadline || stop.isStopped || (control?.budgetSpent ?? false) { return now }
            try? await Task.sleep(nanoseconds: min(deadline - now, 10_000_000))
        }
    }
}
