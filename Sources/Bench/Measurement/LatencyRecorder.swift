import Histogram

/// Latencies of one window, model or run: an HdrHistogram (3 significant digits, 1 µs to 60 s) that merges across
/// connections, models and windows without keeping every sample.
///
/// Values are kept in nanoseconds with a lowest discernible value of 1 ns, so anything from 1 µs up is resolved to
/// within 0.1%; the exact count, sum, minimum and maximum are tracked beside the histogram, so `mean`, `min` and `max`
/// carry no bucket error. About 220 KB per recorder (27,648 64-bit counters): keep one per connection or model and
/// merge them, rather than one per request.
package struct LatencyRecorder: Sendable {
    /// The largest latency kept apart: 60 s. Longer latencies are recorded as 60 s.
    package static let highestNanoseconds: UInt64 = 60_000_000_000

    private var histogram: Histogram<UInt64>
    private var sumNanoseconds: Double = 0
    private var minNanoseconds: UInt64 = .max
    private var maxNanoseconds: UInt64 = 0
    /// How many recorded values were above 60 s and kept as 60 s.
    package private(set) var clampedCount = 0

    package init() {
        histogram = Histogram(
            lowestDiscernibleValue: 1,
            highestTrackableValue: Self.highestNanoseconds,
            numberOfSignificantValueDigits: .three
        )
    }

    /// Records one latency; values above 60 s count as 60 s (and in ``clampedCount``).
    package mutating func record(nanoseconds: UInt64) {
        var value = nanoseconds
        if value > Self.highestNanoseconds {
            value = Self.highestNanoseconds
            clampedCount += 1
        }
        histogram.record(value)
        sumNanoseconds += Double(value)
        if value < minNanoseconds { minNanoseconds = value }
        if value > maxNanoseconds { maxNanoseconds = value }
    }

    /// Adds every value `other` recorded, as if they had been recorded here.
    package mutating func merge(_ other: LatencyRecorder) {
        guard other.count > 0 else { return }
        histogram.add(other.histogram)
        sumNanoseconds += other.sumNanoseconds
        minNanoseconds = Swift.min(minNanoseconds, other.minNanoseconds)
        maxNanoseconds = Swift.max(maxNanoseconds, other.maxNanoseconds)
        clampedCount += other.clampedCount
    }

    /// Forgets every value, keeping the allocated counters.
    package mutating func reset() {
        guard count > 0 else { return }
        histogram.reset()
        sumNanoseconds = 0
        minNanoseconds = .max
        maxNanoseconds = 0
        clampedCount = 0
    }

    package var count: Int { Int(histogram.totalCount) }

    /// The latency at `percentile` (0...100) in microseconds: the highest value equivalent to the recorded value at
    /// that rank, so it never understates by more than the histogram's resolution. 0 when nothing was recorded.
    package func percentileMicros(_ percentile: Double) -> Double {
        guard count > 0 else { return 0 }
        let nanoseconds = Swift.min(histogram.valueAtPercentile(percentile), maxNanoseconds)
        return Double(Swift.max(nanoseconds, minNanoseconds)) / 1000
    }

    package func summary() -> LatencySummary {
        guard count > 0 else { return .empty }
        return LatencySummary(
            count: count,
            min: Double(minNanoseconds) / 1000,
            mean: sumNanoseconds / Double(count) / 1000,
            p50: percentileMicros(50),
            p90: percentileMicros(90),
            p95: percentileMicros(95),
            p99: percentileMicros(99),
            p999: percentileMicros(99.9),
            max: Double(maxNanoseconds) / 1000
        )
    }
}
