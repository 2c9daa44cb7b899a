/// The clocks of the project: the wall clock for timestamps, ages and expiries, the monotonic clock for durations
/// and deadlines.
package enum Clock {
    /// Seconds since the Unix epoch, with the fraction.
    package static func epochSeconds() -> Double {
        let spec = read(CLOCK_REALTIME)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Milliseconds since the Unix epoch.
    package static func epochMillis() -> Int64 {
        let spec = read(CLOCK_REALTIME)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// Nanoseconds on the monotonic clock: on Linux CLOCK_MONOTONIC, the clock that NIO's timers and deadlines
    /// (`NIODeadline.uptimeNanoseconds`) count in, so that a value is directly a timer deadline.
    package static func monotonicNanos() -> UInt64 {
        let spec = read(CLOCK_MONOTONIC)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    /// Nanoseconds from `start` (a ``monotonicNanos()`` reading) to now; 0 rather than negative.
    package static func nanos(since start: UInt64) -> UInt64 {
        let now = monotonicNanos()
        return now >= start ? now - start : 0
    }

    /// Seconds between two ``monotonicNanos()`` readings; 0 when `end` is not after `start`.
    package static func seconds(from start: UInt64, to end: UInt64) -> Double {
        end > start ? Double(end - start) / 1e9 : 0
    }

    private static func read(_ clock: clockid_t) -> timespec {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return spec
    }
}
