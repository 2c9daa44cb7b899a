import Bench
import Testing

@Suite struct StabilityRuleTests {
    /// A one-second window with `throughput` successes, every one taking `p99Micros`.
    func window(throughput: Int, p99Micros: UInt64) -> WindowSample {
        var latency = LatencyRecorder()
        for _ in 0..<max(throughput, 1) { latency.record(nanoseconds: p99Micros * 1000) }
        return WindowSample(seconds: 1, requests: throughput, latency: latency)
    }

    @Test func defaultsAreThoseOfPerfAnalyzer() {
        let rule = StabilityRule()
        #expect(rule.windowSeconds == 5)
        #expect(rule.stableWindows == 3)
        #expect(rule.tolerance == 0.10)
        #expect(rule.maxWindows == 10)
    }

    @Test func threeAgreeingWindowsAreStable() {
        let rule = StabilityRule()
        let windows = [
            window(throughput: 1000, p99Micros: 500), window(throughput: 1050, p99Micros: 530),
            window(throughput: 980, p99Micros: 510),
        ]
        #expect(rule.isStable(windows))
        #expect(!rule.isStable(Array(windows.prefix(2))))
        #expect(!rule.isStable([]))
    }

    @Test func throughputSpreadAboveToleranceIsNotStable() {
        let rule = StabilityRule()
        let windows = [
            window(throughput: 1000, p99Micros: 500), window(throughput: 1120, p99Micros: 500),
            window(throughput: 1000, p99Micros: 500),
        ]
        #expect(!rule.isStable(windows))
    }

    @Test func p99SpreadAboveToleranceIsNotStable() {
        let rule = StabilityRule()
        let windows = [
            window(throughput: 1000, p99Micros: 500), window(throughput: 1000, p99Micros: 560),
            window(throughput: 1000, p99Micros: 500),
        ]
        #expect(!rule.isStable(windows))
    }

    @Test func onlyTheLastWindowsCount() {
        let rule = StabilityRule()
        let windows = [
            window(throughput: 10, p99Micros: 90_000), window(throughput: 1000, p99Micros: 500),
            window(throughput: 1000, p99Micros: 505), window(throughput: 1010, p99Micros: 500),
        ]
        #expect(rule.isStable(windows))
    }

    @Test func windowsWithoutSuccessesAreNeverStable() {
        let rule = StabilityRule()
        var failed = WindowSample(seconds: 1, requests: 5)
        for _ in 0..<5 { failed.errors.record(.http, status: 503) }
        #expect(failed.throughput == 0)
        #expect(!rule.isStable([failed, failed, failed]))
    }

    @Test func customRuleAndWindowLimit() {
        let rule = StabilityRule(windowSeconds: 1, stableWindows: 2, tolerance: 0.5, maxWindows: 4)
        let loose = [window(throughput: 1000, p99Micros: 500), window(throughput: 1400, p99Micros: 700)]
        #expect(rule.isStable(loose))
        #expect(!StabilityRule().isStable(loose))
        let wild = [
            window(throughput: 100, p99Micros: 500), window(throughput: 1000, p99Micros: 500),
            window(throughput: 100, p99Micros: 500),
        ]
        #expect(!rule.isDone(wild))
        #expect(rule.isDone(wild + [window(throughput: 1000, p99Micros: 500)]))
    }
}
