import Bench
import Foundation
import Testing

@Suite struct LatencyRecorderTests {
    /// Relative error allowed by three significant digits.
    let resolution = 0.001

    @Test func constantLatencyGivesThatValueEverywhere() {
        var recorder = LatencyRecorder()
        for _ in 0..<10_000 { recorder.record(nanoseconds: 1_234_000) }
        let summary = recorder.summary()
        #expect(summary.count == 10_000)
        #expect(summary.min == 1234)
        #expect(summary.max == 1234)
        #expect(summary.mean == 1234)
        for value in [summary.p50, summary.p90, summary.p95, summary.p99, summary.p999] {
            #expect(abs(value - 1234) <= 1234 * resolution, "got \(value)")
        }
    }

    @Test func uniformDistributionPercentilesAreTheRankValues() {
        // 1 µs, 2 µs, ..., 100,000 µs, once each: the value at rank ceil(p * n) is p * 1000 µs.
        var recorder = LatencyRecorder()
        let count = 100_000
        for micros in 1...count { recorder.record(nanoseconds: UInt64(micros) * 1000) }
        let summary = recorder.summary()
        let expected: [(Double, Double)] = [
            (summary.p50, 50_000), (summary.p90, 90_000), (summary.p95, 95_000), (summary.p99, 99_000),
            (summary.p999, 99_900),
        ]
        for (actual, wanted) in expected {
            #expect(actual >= wanted && actual <= wanted * (1 + resolution), "got \(actual), want \(wanted)")
        }
        #expect(summary.min == 1)
        #expect(summary.max == 100_000)
        #expect(abs(summary.mean - 50_000.5) < 1e-6)
    }

    @Test func exponentialDistributionMatchesAnalyticQuantiles() {
        // A stratified exponential sample (mean 2 ms): sample i is the quantile at (i + 0.5) / n, so the sample's
        // percentiles match the analytic -mean * ln(1 - p) up to the histogram's resolution.
        let meanMicros = 2000.0
        let count = 200_000
        var recorder = LatencyRecorder()
        for index in 0..<count {
            let quantile = (Double(index) + 0.5) / Double(count)
            recorder.record(nanoseconds: UInt64((-meanMicros * log(1 - quantile) * 1000).rounded()))
        }
        let summary = recorder.summary()
        let checks: [(Double, Double)] = [
            (summary.p50, 50), (summary.p90, 90), (summary.p95, 95), (summary.p99, 99), (summary.p999, 99.9),
        ]
        for (actual, percentile) in checks {
            let analytic = -meanMicros * log(1 - percentile / 100)
            #expect(abs(actual - analytic) / analytic < 0.002, "p\(percentile): got \(actual), want \(analytic)")
        }
        #expect(abs(summary.mean - meanMicros) / meanMicros < 0.001)
    }

    @Test func mergingEqualsRecordingEverything() {
        var generator = SplitMix64(seed: 42)
        var all = LatencyRecorder()
        var parts = [LatencyRecorder](repeating: LatencyRecorder(), count: 4)
        for _ in 0..<50_000 {
            // Log-uniform between 1 µs and 10 s.
            let value = UInt64(1000 * pow(10, generator.nextUnit() * 7))
            all.record(nanoseconds: value)
            parts[generator.nextIndex(below: parts.count)].record(nanoseconds: value)
        }
        var merged = LatencyRecorder()
        for part in parts { merged.merge(part) }
        #expect(merged.count == 50_000)
        #expect(merged.summary() == all.summary())
        for percentile in [1.0, 25, 50, 75, 99.99] {
            #expect(merged.percentileMicros(percentile) == all.percentileMicros(percentile))
        }
    }

    @Test func everyValueFromOneMicrosecondIsKeptToThreeSignificantDigits() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let nanoseconds = UInt64(1000 * pow(10, generator.nextUnit() * 7.7))  // 1 µs .. ~50 s
            var recorder = LatencyRecorder()
            // The median of {v, 10v} is v's bucket: its upper edge, not clamped by the exact max.
            recorder.record(nanoseconds: nanoseconds)
            recorder.record(nanoseconds: nanoseconds * 10)
            let value = Double(nanoseconds) / 1000
            let median = recorder.percentileMicros(50)
            #expect(median >= value && median <= value * (1 + resolution), "\(value) µs read back as \(median)")
        }
    }

    @Test func valuesAboveSixtySecondsClampAndCount() {
        var recorder = LatencyRecorder()
        recorder.record(nanoseconds: 120_000_000_000)
        recorder.record(nanoseconds: 1_000_000)
        let summary = recorder.summary()
        #expect(summary.count == 2)
        #expect(summary.max == 60_000_000)
        #expect(recorder.clampedCount == 1)
        #expect(abs(recorder.percentileMicros(100) - 60_000_000) <= 60_000_000 * resolution)
    }

    @Test func emptyAndResetRecordersSummarizeAsEmpty() {
        var recorder = LatencyRecorder()
        #expect(recorder.summary() == .empty)
        recorder.record(nanoseconds: 5000)
        #expect(recorder.count == 1)
        recorder.reset()
        #expect(recorder.count == 0)
        #expect(recorder.summary() == .empty)
        recorder.record(nanoseconds: 7000)
        #expect(recorder.summary().min == 7)
    }
}
