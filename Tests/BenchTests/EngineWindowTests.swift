import Bench
import Core
import Synchronization
import Testing

/// The engine's windows: each one's counts and, with a server that has the statistics extension, its own
/// queue/compute split from readings at the window boundaries.
@Suite struct EngineWindowTests {
    /// Stands in for a server's `/v2/models/NAME/stats` (the engine test server has none): every read finds ten more
    /// requests done, each with 5 µs of queue and 20 µs of compute, so every window's split is exactly that.
    final class CountingStatistics: ServerStatisticsSource {
        let reads = Atomic<Int>(0)

        func read() async -> ServerCounters? {
            let count = UInt64(reads.wrappingAdd(1, ordering: .relaxed).newValue * 10)
            return ServerCounters(
                successCount: count,
                queueNanoseconds: count * 5_000,
                computeNanoseconds: count * 20_000
            )
        }
    }

    @Test func everyWindowHasItsCountsAndServerSplit() async throws {
        let server = try EngineTestServer(.plain)
        var plan = try EngineLoadTests.plan(server, mode: .closedLoop(levels: [2]), duration: 1.2)
        plan.stability = StabilityRule(windowSeconds: 0.5, stableWindows: 3, tolerance: 0.1, maxWindows: 10)
        let statistics = CountingStatistics()
        let outcome = try await LoadEngine(plan: plan, serverStatistics: statistics).run()
        let level = try #require(outcome.levels.first)
        // 1.2 s in windows of 0.5 s: two full windows and a partial one of 0.2 s.
        #expect(level.windows == 3)
        #expect(level.windowDetails.count == 3)
        let seconds = level.windowDetails.map(\.seconds)
        #expect(
            abs(seconds[0] - 0.5) < 1e-9 && abs(seconds[1] - 0.5) < 1e-9 && abs(seconds[2] - 0.2) < 1e-9,
            "\(seconds)"
        )
        #expect(abs(level.seconds - 1.2) < 1e-9)
        // The windows add up to the level, request by request.
        #expect(level.windowDetails.map(\.requests).reduce(0, +) == level.total.requests)
        #expect(level.windowDetails.map(\.latency.count).reduce(0, +) == level.total.latency.count)
        for window in level.windowDetails {
            #expect(window.requests > 0)
            #expect(window.serverQueueMicros == 5)
            #expect(window.serverComputeMicros == 20)
        }
        #expect(level.serverQueueMicros == 5)
        #expect(level.serverComputeMicros == 20)
        // A reading at the level's start, one per inner boundary, one at the end.
        #expect(statistics.reads.load(ordering: .relaxed) == 4)
    }
}
