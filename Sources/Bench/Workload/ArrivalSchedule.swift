import Core

/// How open-loop requests are spaced: evenly, or as a Poisson process (exponential gaps with the same mean).
package enum ArrivalProcess: String, Sendable, CaseIterable {
    case constant
    case poisson
}

/// The intended send times of an open loop at `rate` requests per second, in nanoseconds after the start.
///
/// The first send is at 0. Constant spacing computes each time from its index, so rounding never accumulates;
/// Poisson gaps are `-ln(1 - U) / rate` from a seeded generator, so a run can be replayed. Latency is measured from
/// these times, not from the actual send (no coordinated omission). A rate that is not a positive finite number
/// gives `UInt64.max` for every send (never); the command line rejects such rates before this point.
package struct ArrivalSchedule: Sendable {
    package let rate: Double
    package let arrival: ArrivalProcess
    private var generator: SplitMix64
    private var sent: UInt64 = 0
    private var poissonTime: Double = 0

    package init(rate: Double, arrival: ArrivalProcess, seed: UInt64) {
        self.rate = rate
        self.arrival = arrival
        generator = SplitMix64(seed: seed)
    }

    /// The mean gap between sends in nanoseconds.
    package var intervalNanoseconds: Double { 1e9 / rate }

    /// The intended time of the next send, in nanoseconds after the start of the schedule.
    package mutating func next() -> UInt64 {
        guard rate > 0, rate.isFinite else { return .max }
        defer { sent &+= 1 }
        switch arrival {
        case .constant:
            return Self.nanoseconds(Double(sent) * intervalNanoseconds)
        case .poisson:
            if sent > 0 {
                poissonTime += -log(1 - generator.nextUnit()) * intervalNanoseconds
            }
            return Self.nanoseconds(poissonTime)
        }
    }

    private static func nanoseconds(_ value: Double) -> UInt64 {
        guard value < 1.8e19 else { return .max }
        return value > 0 ? UInt64(value) : 0
    }
}
