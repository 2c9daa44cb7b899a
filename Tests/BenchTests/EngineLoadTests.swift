import Bench
import Core
import Testing

/// The load engine against a loopback server that answers as each test needs: request counts, framing, reconnects,
/// errors by status, timeouts, the open-loop schedule and many models.
@Suite struct EngineLoadTests {
    static func plan(
        _ server: EngineTestServer,
        models: [String] = ["m"],
        mode: LoadPlan.Mode,
        requests: Int? = nil,
        duration: Double? = nil,
        timeout: Double = 5,
        distribution: ModelDistribution = .uniform
    ) throws -> LoadPlan {
        let target = try BenchTarget.parse(url: server.url)
        let templates = models.map { model in
            RequestTemplate(
                model: model,
                path: "/v2/models/\(model)/infer",
                target: target,
                contentType: "application/json",
                headers: [("X-Test", "1")],
                body: Array(#"{"inputs":[]}"#.utf8)
            )
        }
        return LoadPlan(
            address: try target.resolveAddress(),
            templates: templates,
            distribution: distribution,
            mode: mode,
            duration: duration,
            requests: requests,
            warmup: 0,
            timeout: timeout,
            stability: StabilityRule(windowSeconds: 0.5, stableWindows: 3, tolerance: 0.1, maxWindows: 4),
            threads: 2,
            drainSeconds: 1
        )
    }

    @Test func closedLoopSendsExactlyTheRequestBudget() async throws {
        let server = try EngineTestServer(.plain)
        let outcome = try await LoadEngine(plan: try Self.plan(server, mode: .closedLoop(levels: [4]), requests: 300))
            .run()
        let level = try #require(outcome.levels.first)
        #expect(level.concurrency == 4)
        #expect(level.total.requests == 300)
        #expect(level.total.errors.total == 0)
        #expect(level.total.latency.count == 300)
        #expect(level.total.latency.p50 > 0)
        let plan = try Self.plan(server, mode: .closedLoop(levels: [4]))
        #expect(level.total.bytesSent == 300 * plan.templates[0].byteCount)
        #expect(level.total.bytesReceived > 300 * 30)
        #expect(server.requestsByPath["/v2/models/m/infer"] == 300)
        // Keep-alive: four connections, reused for every request.
        #expect(server.connections == 4)
        #expect(!outcome.interrupted)
    }

    @Test func chunkedAnswersWrittenInPieces() async throws {
        let server = try EngineTestServer(.chunkedInPieces)
        let outcome = try await LoadEngine(plan: try Self.plan(server, mode: .closedLoop(levels: [2]), requests: 40))
            .run()
        let level = try #require(outcome.levels.first)
        #expect(level.total.requests == 40)
        #expect(level.total.errors.total == 0)
    }

    @Test func connectionCloseAnswersReconnect() async throws {
        let server = try EngineTestServer(.closeAfterEach)
        let outcome = try await LoadEngine(plan: try Self.plan(server, mode: .closedLoop(levels: [2]), requests: 50))
            .run()
        let level = try #require(outcome.levels.first)
        #expect(level.total.requests == 50)
        #expect(level.total.errors.total == 0)
        #expect(server.connections >= 50)
    }

    @Test func errorStatusesAreCountedAndAllFailingIsAnError() async throws {
        let server = try EngineTestServer(.status(503))
        var plan = try Self.plan(server, mode: .closedLoop(levels: [2]), requests: 20)
        do {
            _ = try await LoadEngine(plan: plan).run()
            Issue.record("a level in which every request fails must be an error")
        } catch {
            #expect(error.message.contains("HTTP 503"), "\(error.message)")
            #expect(error.message.contains("refused by the test server"), "\(error.message)")
        }
        plan.warmup = 0.2
        plan.requests = nil
        plan.duration = 60
        let started = ContinuousClock.now
        await #expect(throws: KServeError.self) { _ = try await LoadEngine(plan: plan).run() }
        // The run was to last 60 s: ending well before is the failing warm-up's doing, however busy the machine.
        #expect(ContinuousClock.now - started < .seconds(30), "a failing warm-up stops the run early")
    }

    @Test func deadPortFailsTheWarmup() async throws {
        let server = try EngineTestServer(.plain)
        var plan = try Self.plan(server, mode: .closedLoop(levels: [1]), duration: 2)
        server.stop()
        plan.warmup = 0.3
        do {
            _ = try await LoadEngine(plan: plan).run()
            Issue.record("a dead port must fail the warm-up")
        } catch {
            #expect(error.message.contains("cannot connect"), "\(error.message)")
        }
    }

    @Test func silentServerGivesTimeouts() async throws {
        let server = try EngineTestServer(.silent)
        defer { server.stop() }
        let plan = try Self.plan(server, mode: .closedLoop(levels: [2]), requests: 2, timeout: 0.3)
        do {
            _ = try await LoadEngine(plan: plan).run()
            Issue.record("every request timed out: the level must fail")
        } catch {
            #expect(error.message.contains("timeout"), "\(error.message)")
        }
    }

    @Test func openLoopKeepsTheRateAndCountsFromIntendedTimes() async throws {
        let server = try EngineTestServer(.plain)
        let plan = try Self.plan(server, mode: .openLoop(rate: 200, arrival: .constant), duration: 1)
        let outcome = try await LoadEngine(plan: plan).run()
        let level = try #require(outcome.levels.first)
        #expect(level.rate == 200)
        #expect(level.concurrency == nil)
        // 200/s for 1 s: the schedule fixes the count at 200 intended sends, each counted exactly once: answered,
        // failed or unanswered (all in `requests`), or dropped when it never left.
        let intended = level.total.requests + level.droppedSends
        #expect(intended == 200, "\(level.total.requests) + \(level.droppedSends)")
        #expect(level.total.errors.total == level.unanswered)
        if level.unanswered == 0 && level.droppedSends == 0 {
            // A server that kept up answered at the scheduled rate.
            #expect(abs(level.total.throughput - 200) < 20, "\(level.total.throughput)")
        }
    }

    @Test func manyModelsGetARowEachAndFollowTheDistribution() async throws {
        let server = try EngineTestServer(.plain)
        let models = ["hot", "warm", "cold"]
        let plan = try Self.plan(
            server,
            models: models,
            mode: .closedLoop(levels: [4]),
            requests: 3000,
            distribution: .zipf(exponent: 2)
        )
        let outcome = try await LoadEngine(plan: plan).run()
        let level = try #require(outcome.levels.first)
        #expect(level.models.map(\.model) == models)
        #expect(level.total.model == "TOTAL")
        #expect(level.models.map(\.requests).reduce(0, +) == 3000)
        // Zipf with s=2 over 3 models: 1 : 1/4 : 1/9 of 1.3611 -> 73.5%, 18.4%, 8.2%.
        let shares = level.models.map { Double($0.requests) / 3000 }
        #expect(abs(shares[0] - 0.735) < 0.05, "\(shares)")
        #expect(abs(shares[1] - 0.184) < 0.05, "\(shares)")
        #expect(abs(shares[2] - 0.082) < 0.05, "\(shares)")
        for (model, row) in zip(models, level.models) {
            #expect(server.requestsByPath["/v2/models/\(model)/infer"] == row.requests)
        }
    }

    @Test func stopSignalEndsTheRunWithWhatWasMeasured() async throws {
        let server = try EngineTestServer(.plain)
        let stop = StopSignal()
        let plan = try Self.plan(server, mode: .closedLoop(levels: [1, 2, 4]), duration: 30)
        let engine = LoadEngine(plan: plan, stop: stop)
        let task = Task { try await engine.run() }
        try await Task.sleep(nanoseconds: 700_000_000)
        stop.stop()
        let outcome = try await task.value
        #expect(outcome.interrupted)
        #expect(outcome.levels.count == 1)
        #expect((outcome.levels.first?.total.requests ?? 0) > 0)
        // The level was to last 30 s; it ended at the stop.
        #expect((outcome.levels.first?.seconds ?? 99) < 15)
    }

    @Test func stabilityEndsALevelWithoutDurationOrBudget() async throws {
        let server = try EngineTestServer(.plain)
        var plan = try Self.plan(server, mode: .closedLoop(levels: [1, 2]))
        plan.stability = StabilityRule(windowSeconds: 0.3, stableWindows: 2, tolerance: 1.0, maxWindows: 3)
        let outcome = try await LoadEngine(plan: plan).run()
        #expect(outcome.levels.map(\.concurrency) == [1, 2])
        for level in outcome.levels {
            #expect((2...3).contains(level.windows), "\(level.windows)")
            // 2 or 3 windows of 0.3 s; the upper bound only says the level did not run on (no duration, no budget),
            // with room for a loaded machine's late wake-ups.
            #expect(level.seconds > 0.5 && level.seconds < 10, "\(level.seconds)")
        }
    }
}
