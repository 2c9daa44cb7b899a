/// The figures a report shows for a set of latencies, all in microseconds.
package struct LatencySummary: Sendable, Equatable {
    package var count: Int
    package var min: Double
    package var mean: Double
    package var p50: Double
    package var p90: Double
    package var p95: Double
    package var p99: Double
    package var p999: Double
    package var max: Double

    package init(
        count: Int,
        min: Double,
        mean: Double,
        p50: Double,
        p90: Double,
        p95: Double,
        p99: Double,
        p999: Double,
        max: Double
    ) {
        self.count = count
        self.min = min
        self.mean = mean
        self.p50 = p50
        self.p90 = p90
        self.p95 = p95
        self.p99 = p99
        self.p999 = p999
        self.max = max
    }

    /// No latencies: every figure 0.
    package static let empty = LatencySummary(
        count: 0,
        min: 0,
        mean: 0,
        p50: 0,
        p90: 0,
        p95: 0,
        p99: 0,
        p999: 0,
        max: 0
    )
}
