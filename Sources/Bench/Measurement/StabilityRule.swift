/// When a load level has been measured long enough: perf_analyzer's rule.
///
/// Windows of `windowSeconds` are measured until the last `stableWindows` of them agree, at most `maxWindows`.
/// They agree when each has a non-zero throughput and, for throughput and for p99 latency separately, the largest
/// is at most `1 + tolerance` times the smallest (perf_analyzer's `max / min <= 1 + threshold` test).
package struct StabilityRule: Sendable, Equatable {
    package var windowSeconds: Double
    package var stableWindows: Int
    package var tolerance: Double
    package var maxWindows: Int

    package init(windowSeconds: Double = 5, stableWindows: Int = 3, tolerance: Double = 0.10, maxWindows: Int = 10) {
        self.windowSeconds = windowSeconds
        self.stableWindows = stableWindows
        self.tolerance = tolerance
        self.maxWindows = maxWindows
    }

    /// True when the last `stableWindows` windows agree on throughput and on p99 within `tolerance`.
    package func isStable(_ windows: [WindowSample]) -> Bool {
        let needed = Swift.max(1, stableWindows)
        guard windows.count >= needed else { return false }
        let recent = windows.suffix(needed)
        let throughputs = recent.map(\.throughput)
        let p99s = recent.map { $0.latency.percentileMicros(99) }
        return Self.agree(throughputs, tolerance: tolerance) && Self.agree(p99s, tolerance: tolerance)
    }

    /// Whether the level should stop: stable, or out of windows.
    package func isDone(_ windows: [WindowSample]) -> Bool {
        windows.count >= maxWindows || isStable(windows)
    }

    private static func agree(_ values: [Double], tolerance: Double) -> Bool {
        guard let smallest = values.min(), let largest = values.max(), smallest > 0, smallest.isFinite,
            largest.isFinite
        else { return false }
        return largest / smallest <= 1 + tolerance
    }
}
