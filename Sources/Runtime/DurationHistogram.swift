/// Durations (requests, model loads) in fixed buckets, as a Prometheus histogram reports them.
package struct DurationHistogram: Sendable, Equatable {
    /// Upper bounds in seconds: from 100 µs (a small tree model answers in tens of µs) to 10 s.
    package static let bounds: [Double] = [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// Observations per bucket (not cumulative); the last counts those above every bound.
    package private(set) var buckets = [UInt64](repeating: 0, count: DurationHistogram.bounds.count + 1)
    package private(set) var sum: Double = 0
    package private(set) var count: UInt64 = 0

    package init() {}

    package mutating func observe(_ seconds: Double) {
        let value = seconds.isFinite ? max(0, seconds) : 0
        var index = 0
        while index < Self.bounds.count && value > Self.bounds[index] { index += 1 }
        buckets[index] &+= 1
        sum += value
        count &+= 1
    }

    /// Cumulative counts per bound (`le`), ending with `+Inf`.
    package var cumulative: [UInt64] {
        var running: UInt64 = 0
        return buckets.map { count in
            running &+= count
            return running
        }
    }
}
