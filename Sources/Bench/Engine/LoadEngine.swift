import NIOCore
import NIOPosix
import Transport

/// Runs a `LoadPlan`: one event loop per thread drives keep-alive connections; this coordinator starts and stops
/// the levels, collects each loop's counts every tick, cuts them into windows and applies the stability rule.
public final class LoadEngine: Sendable {
    /// Called about once a second (and at each window's end) with the current window so far.
    public typealias Progress = @Sendable (_ level: String, _ elapsed: Double, _ window: WindowSample) -> Void

    private let plan: LoadPlan
    private let stop: StopSignal
    private let serverStatistics: (any ServerStatisticsSource)?
    private let progress: Progress?

    public init(
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
    public func run() async throws(KServeError) -> LoadOutcome {
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
        for worker in workers {
            _ = try? await worker.eventLoop.submit { worker.value.closeAll() }.get()
        }
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

    private enum LevelKind {
        case closed(Int)
        case open(Double, ArrivalProcess)

        var label: String {
            switch self {
            case .closed(let concurrency): return "c=\(concurrency)"
            case .open(let rate, _): return "r=\(rate)/s"
            }
        }
    }

    private struct Measured {
        var report: LevelReport
        var warnings: [String]
    }

    /// One level: start the load, warm up, measure windows until done, stop, drain, close.
    private func measure(
        _ level: LevelKind,
        workers: [NIOLoopBound<LoopWorker>],
        warmup: Double
    ) async throws(KServeError) -> Measured? {
        let modelCount = plan.templates.count
        var control = RunControl(budget: plan.requests)
        var statisticsStart: ServerCounters?
        var cpuStart: Double
        let levelStart: UInt64
        if warmup > 0 {
            await start(level, workers: workers, control: RunControl(budget: nil))
            _ = await sleep(until: MonotonicClock.now() + UInt64(warmup * 1e9), control: nil)
            if stop.isStopped {
                await finish(workers, control: RunControl(budget: nil))
                return nil
            }
            // From here on the level's budget counts; answers to warm-up requests still in flight do not.
            statisticsStart = await serverStatistics?.read()
            cpuStart = CPUUsage.processSeconds()
            levelStart = MonotonicClock.now()
            control = RunControl(budget: plan.requests, sendUntil: endOfLevel(from: levelStart))
            let warm = await set(control, on: workers)
            let total = WindowSample.combining(sameWindow: warm.samples)
            if total.requests > 0 && total.successes == 0 {
                let first = warm.firstError ?? "no request succeeded"
                throw KServeError(
                    .transport,
                    "every request of the warm-up failed (\(total.requests) of \(total.requests)); first: \(first)"
                )
            }
        } else {
            statisticsStart = await serverStatistics?.read()
            cpuStart = CPUUsage.processSeconds()
            levelStart = MonotonicClock.now()
            control = RunControl(budget: plan.requests, sendUntil: endOfLevel(from: levelStart))
            await start(level, workers: workers, control: control)
        }
        let levelEnd = endOfLevel(from: levelStart)
        let windowLength = UInt64(max(0.001, plan.stability.windowSeconds) * 1e9)
        let measuredUntilStable = plan.duration == nil && plan.requests == nil

        var windowStart = levelStart
        var current = [WindowSample](repeating: WindowSample(), count: modelCount)
        var perModel = [[WindowSample]](repeating: [], count: modelCount)
        var totals: [WindowSample] = []
        var firstError: String?
        var lastHarvest = levelStart
        var stopMoment = levelStart

        while true {
            let windowEnd = windowStart + windowLength
            let wake = min(windowEnd, levelEnd, lastHarvest + 1_000_000_000)
            let now = await sleep(until: wake, control: control)
            lastHarvest = now
            var ending = stop.isStopped || control.budgetSpent || now >= levelEnd
            merge(await harvest(workers), into: &current, firstError: &firstError)
            let windowFull = now >= windowEnd
            if windowFull, !ending, measuredUntilStable {
                var tentative = WindowSample.combining(sameWindow: current)
                tentative.seconds = MonotonicClock.seconds(from: windowStart, to: now)
                ending = plan.stability.isDone(totals + [tentative])
            }
            if ending {
                stopMoment = min(now, levelEnd)
                await halt(workers, control: control, at: stopMoment)
                merge(await harvest(workers), into: &current, firstError: &firstError)
                close(window: &current, from: windowStart, to: stopMoment, perModel: &perModel, totals: &totals)
                break
            }
            if windowFull {
                close(window: &current, from: windowStart, to: now, perModel: &perModel, totals: &totals)
                windowStart = now
            } else if let progress {
                var sample = WindowSample.combining(sameWindow: current)
                sample.seconds = MonotonicClock.seconds(from: windowStart, to: now)
                progress(level.label, MonotonicClock.seconds(from: levelStart, to: now), sample)
            }
        }

        let cpuSeconds = CPUUsage.processSeconds() - cpuStart
        let wall = MonotonicClock.seconds(from: levelStart, to: MonotonicClock.now())
        let unanswered = await finish(workers, control: control)
        let statisticsEnd = await serverStatistics?.read()
        let report = makeReport(
            level,
            perModel: perModel,
            totals: totals,
            cpuPercent: CPUUsage.percent(cpuSeconds: cpuSeconds, wallSeconds: wall, threads: workers.count),
            server: statisticsStart.flatMap { start in
                statisticsEnd.flatMap { ServerCounters.split(from: start, to: $0) }
            }
        )
        var warnings = Self.warnings(for: report, unanswered: unanswered)
        if report.total.requests > 0, report.total.successes == 0 {
            throw KServeError(
                .transport,
                "every request at \(report.label) failed (\(report.total.requests)); first: \(firstError ?? "unknown")"
            )
        }
        if report.total.requests == 0, !stop.isStopped {
            warnings.append("\(report.label): no request ended during the measurement")
        }
        return Measured(report: report, warnings: warnings)
    }

    private func endOfLevel(from start: UInt64) -> UInt64 {
        plan.duration.map { start + UInt64($0 * 1e9) } ?? .max
    }

    // MARK: - Driving the workers

    private func start(_ level: LevelKind, workers: [NIOLoopBound<LoopWorker>], control: RunControl) async {
        await set(control, on: workers)
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
            let start = MonotonicClock.now() + 1_000_000
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
    private func set(_ control: RunControl, on workers: [NIOLoopBound<LoopWorker>]) async -> Harvest {
        var stats: [LoopStats] = []
        for worker in workers {
            if let taken = try? await worker.eventLoop.submit({ worker.value.setControl(control) }).get() {
                stats.append(taken)
            }
        }
        return combine(stats)
    }

    private struct Harvest {
        var samples: [WindowSample]
        var firstError: String?
    }

    private func harvest(_ workers: [NIOLoopBound<LoopWorker>]) async -> Harvest {
        var stats: [LoopStats] = []
        for worker in workers {
            if let taken = try? await worker.eventLoop.submit({ worker.value.harvest() }).get() { stats.append(taken) }
        }
        return combine(stats)
    }

    private func combine(_ stats: [LoopStats]) -> Harvest {
        var samples = [WindowSample](repeating: WindowSample(), count: plan.templates.count)
        var firstError: String?
        for loop in stats {
            if firstError == nil { firstError = loop.firstError }
            for (index, sample) in loop.samples.enumerated() {
                if let sample { samples[index].combine(sameWindow: sample) }
            }
        }
        return Harvest(samples: samples, firstError: firstError)
    }

    private func merge(_ harvest: Harvest, into current: inout [WindowSample], firstError: inout String?) {
        if firstError == nil { firstError = harvest.firstError }
        for index in current.indices { current[index].combine(sameWindow: harvest.samples[index]) }
    }

    private func close(
        window current: inout [WindowSample],
        from start: UInt64,
        to end: UInt64,
        perModel: inout [[WindowSample]],
        totals: inout [WindowSample]
    ) {
        let seconds = MonotonicClock.seconds(from: start, to: end)
        for index in current.indices {
            current[index].seconds = seconds
            perModel[index].append(current[index])
        }
        var total = WindowSample.combining(sameWindow: current)
        total.seconds = seconds
        totals.append(total)
        current = [WindowSample](repeating: WindowSample(), count: current.count)
    }

    /// Stops sending and waits (at most `drainSeconds`, at most the request timeout) for the answers in flight.
    private func halt(_ workers: [NIOLoopBound<LoopWorker>], control: RunControl, at moment: UInt64) async {
        control.stop()
        for worker in workers {
            _ = try? await worker.eventLoop.submit { worker.value.halt(at: moment) }.get()
        }
        let deadline = MonotonicClock.now() + UInt64(max(0, min(plan.drainSeconds, plan.timeout)) * 1e9)
        while MonotonicClock.now() < deadline {
            var inFlight = 0
            for worker in workers {
                inFlight += (try? await worker.eventLoop.submit { worker.value.inFlightCount }.get()) ?? 0
            }
            if inFlight == 0 { break }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
    }

    /// Ends the level: closes every connection; returns the requests still unanswered.
    @discardableResult
    private func finish(_ workers: [NIOLoopBound<LoopWorker>], control: RunControl) async -> Int {
        control.stop()
        var unanswered = 0
        for worker in workers {
            unanswered += (try? await worker.eventLoop.submit { worker.value.closeAll() }.get()) ?? 0
            _ = try? await worker.eventLoop.submit { worker.value.harvest() }.get()
        }
        return unanswered
    }

    /// Sleeps in short steps until `deadline`, an outside stop, or (with a budget) every request has ended.
    private func sleep(until deadline: UInt64, control: RunControl?) async -> UInt64 {
        while true {
            let now = MonotonicClock.now()
            if now >= deadline || stop.isStopped || (control?.budgetSpent ?? false) { return now }
            try? await Task.sleep(nanoseconds: min(deadline - now, 10_000_000))
        }
    }

    // MARK: - Report

    private func makeReport(
        _ level: LevelKind,
        perModel: [[WindowSample]],
        totals: [WindowSample],
        cpuPercent: Double,
        server: (queue: Double, compute: Double)?
    ) -> LevelReport {
        var concurrency: Int?
        var rate: Double?
        switch level {
        case .closed(let value): concurrency = value
        case .open(let value, _): rate = value
        }
        let rows = plan.templates.indices.map { ModelRow(model: plan.templates[$0].model, samples: perModel[$0]) }
        return LevelReport(
            concurrency: concurrency,
            rate: rate,
            seconds: totals.reduce(0) { $0 + $1.seconds },
            windows: totals.count,
            stable: plan.stability.isStable(totals),
            models: rows,
            total: ModelRow(model: ModelRow.totalName, samples: totals),
            clientCPUPercent: cpuPercent,
            lateSends: totals.reduce(0) { $0 + $1.lateSends },
            droppedSends: totals.reduce(0) { $0 + $1.droppedSends },
            serverQueueMicros: server?.queue,
            serverComputeMicros: server?.compute
        )
    }

    static func warnings(for report: LevelReport, unanswered: Int) -> [String] {
        var warnings: [String] = []
        let label = report.label
        if report.rate != nil, report.lateShare > 0.01 {
            let percent = NumberText.compact(report.lateShare * 100)
            warnings.append(
                "\(label): \(percent)% of the sends were late (over 1 ms) or dropped (\(report.lateSends) late, "
                    + "\(report.droppedSends) dropped): the rate was not sustained; latencies count from the "
                    + "intended send times"
            )
        }
        if report.clientCPUPercent > 80 {
            warnings.append(
                "\(label): the load generator used \(NumberText.compact(report.clientCPUPercent))% of its CPU: "
                    + "it may be the bottleneck; run it on another machine or with fewer connections"
            )
        }
        if unanswered > 0 {
            warnings.append("\(label): \(unanswered) requests were still unanswered when the level ended (not counted)")
        }
        return warnings
    }
}
