import Core
import NIOCore

extension LoadEngine {
    /// How a level's measurement ended.
    private enum Ending {
        /// The stability rule (or the window limit) was met when window `index` closed.
        case stable
        /// `--duration` or `--requests`: the answers still due are waited for, up to the request timeout.
        case planned
        /// Ctrl-C or a stop from outside: sending stops at once; answers are waited for at most `drainSeconds`.
        case interrupted
    }

    /// One level: start the load, warm up, measure windows until done, wait for the answers due, close.
    ///
    /// Every request belongs to the phase of its origin (``PhaseGrid``); a window closes once its time is over and
    /// none of its requests is pending, so its counts are final when the stability rule looks at them.
    func measure(
        _ level: LevelKind,
        workers: [NIOLoopBound<LoopWorker>],
        warmup: Double
    ) async throws(KServeError) -> Measured? {
        let windowLength = UInt64(max(0.001, plan.stability.windowSeconds) * 1e9)
        var isOpen = false
        if case .open = level { isOpen = true }
        // An open loop's schedule starts a moment ahead, so every loop has it before the first intended send.
        let loadStart = Clock.monotonicNanos() + (isOpen ? 1_000_000 : 0)
        let grid = PhaseGrid(measureFrom: loadStart + UInt64(max(0, warmup) * 1e9), windowNanoseconds: windowLength)
        let sendUntil = plan.duration.map { grid.measureFrom &+ UInt64(max(0, $0) * 1e9) } ?? .max
        let control = RunControl(grid: grid, budget: plan.requests, sendUntil: sendUntil)
        var ledger = WindowLedger(grid: grid, modelCount: plan.templates.count)
        await start(level, workers: workers, control: control, at: loadStart)

        if warmup > 0 {
            _ = await sleep(until: grid.measureFrom, control: nil)
            if stop.isStopped {
                await closeAll(workers)
                return nil
            }
            ledger.add(await harvest(workers))
            let total = WindowSample.combining(sameWindow: ledger.warmup)
            if total.requests > 0 && total.successes == 0 {
                let first = ledger.warmupFirstError ?? "no request succeeded"
                throw KServeError(
                    .transport,
                    "every request of the warm-up failed (\(total.requests) of \(total.requests)); first: \(first)"
                )
            }
        }
        let cpuStart = CPUUsage.processSeconds()
        let cpuWallStart = Clock.monotonicNanos()
        var readings = ServerReadings(source: serverStatistics)
        await readings.take(boundary: 0)

        // Measure until the level's end is known.
        let untilStable = plan.duration == nil && plan.requests == nil
        var lastHarvest = grid.measureFrom
        var lastProgress = grid.measureFrom
        var ending = Ending.planned
        var end: UInt64
        while true {
            // About once a second, at each boundary, and every 10 ms while a window that is over waits for answers.
            let nextEnd = grid.end(ofWindow: ledger.nextWindow)
            let waiting = nextEnd <= lastHarvest && nextEnd <= sendUntil
            let step: UInt64 = waiting ? 10_000_000 : 1_000_000_000
            let boundary = grid.start(ofWindow: readings.nextBoundary)
            let now = await sleep(until: min(boundary, sendUntil, lastHarvest + step), control: control)
            lastHarvest = now
            while readings.nextBoundary > 0, grid.start(ofWindow: readings.nextBoundary) <= min(now, sendUntil) {
                await readings.take(boundary: readings.nextBoundary)
            }
            ledger.add(await harvest(workers))
            var stable = false
            while !stable, ledger.canClose(now: now), grid.end(ofWindow: ledger.nextWindow) <= sendUntil {
                ledger.closeNext()
                stable = untilStable && plan.stability.isDone(ledger.totals)
            }
            if stable {
                ending = .stable
                end = grid.start(ofWindow: ledger.nextWindow)
                break
            }
            if stop.isStopped {
                ending = .interrupted
                await halt(workers, control: control, at: now)
                ledger.add(await harvest(workers))
                end = min(sendUntil, max(now, ledger.lastOrigin &+ 1))
                break
            }
            if control.budgetSpent || now >= sendUntil {
                end = min(sendUntil, max(now, ledger.lastOrigin &+ 1))
                break
            }
            if let progress, now >= lastProgress + 900_000_000 {
                lastProgress = now
                let index = max(0, grid.slot(of: now))
                var sample = ledger.current(index)
                sample.seconds = Clock.seconds(from: grid.start(ofWindow: index), to: now)
                progress(level.label, Clock.seconds(from: grid.measureFrom, to: now), sample)
            }
        }

        if ending != .stable {
            ending = await drain(workers, control: control, ledger: &ledger, end: end, ending: ending)
        }
        await readings.takeFinal()
        let cpuSeconds = CPUUsage.processSeconds() - cpuStart
        let wall = Clock.seconds(from: cpuWallStart, to: Clock.monotonicNanos())
        await closeAll(workers)
        if ending != .stable {
            ledger.add(await harvest(workers))
            ledger.closeAll(until: end)
        }

        let report = makeReport(
            level,
            ledger: ledger,
            readings: readings,
            cpuPercent: CPUUsage.percent(cpuSeconds: cpuSeconds, wallSeconds: wall, threads: workers.count)
        )
        var warnings = Self.warnings(for: report)
        if report.total.requests > 0, report.total.successes == 0 {
            throw KServeError(
                .transport,
                "every request at \(report.label) failed (\(report.total.requests)); first: "
                    + (ledger.firstError ?? "unknown")
            )
        }
        if report.total.requests == 0, !stop.isStopped {
            warnings.append("\(report.label): no request ended during the measurement")
        }
        return Measured(report: report, warnings: warnings)
    }

    /// Waits until no request of the measurement (origin before `end`) is pending: up to the request timeout
    /// after a planned end (the timeout check fails each request past it), up to `drainSeconds` once stopped
    /// from outside. Returns how the level ended (a stop during the wait makes it interrupted).
    private func drain(
        _ workers: [NIOLoopBound<LoopWorker>],
        control: RunControl,
        ledger: inout WindowLedger,
        end: UInt64,
        ending: Ending
    ) async -> Ending {
        var ending = ending
        let stoppedWait = UInt64(max(0, min(plan.drainSeconds, plan.timeout)) * 1e9)
        // The timeout check runs every tenth of the timeout (at most 100 ms): half a second covers its lag.
        var deadline =
            ending == .interrupted
            ? Clock.monotonicNanos() + stoppedWait
            : Clock.monotonicNanos() + UInt64(max(0, plan.timeout) * 1e9) + 500_000_000
        while ledger.pending(before: end) > 0 {
            let now = Clock.monotonicNanos()
            if now >= deadline { break }
            if ending != .interrupted, stop.isStopped {
                ending = .interrupted
                await halt(workers, control: control, at: end)
                deadline = min(deadline, now + stoppedWait)
            }
            try? await Task.sleep(nanoseconds: min(deadline - now, 5_000_000))
            ledger.add(await harvest(workers))
        }
        return ending
    }

    // MARK: - Report

    private func makeReport(
        _ level: LevelKind,
        ledger: WindowLedger,
        readings: ServerReadings,
        cpuPercent: Double
    ) -> LevelReport {
        var concurrency: Int?
        var rate: Double?
        switch level {
        case .closed(let value): concurrency = value
        case .open(let value, _): rate = value
        }
        var totals = ledger.totals
        for index in totals.indices {
            let split = readings.split(window: index, of: totals.count)
            totals[index].serverQueueMicros = split?.queue
            totals[index].serverComputeMicros = split?.compute
        }
        let rows = plan.templates.indices.map { model in
            ModelRow(model: plan.templates[model].model, samples: ledger.closed.map { $0[model] })
        }
        let server = readings.levelSplit(windows: totals.count)
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
            serverComputeMicros: server?.compute,
            unanswered: totals.reduce(0) { $0 + $1.unanswered },
            windowDetails: totals.map(WindowSummary.init)
        )
    }

    static func warnings(for report: LevelReport) -> [String] {
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
        if report.unanswered > 0 {
            warnings.append(
                "\(label): \(report.unanswered) requests were still unanswered when the level ended; "
                    + "they are counted as timeout errors"
            )
        }
        return warnings
    }
}
