#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic nanoseconds for timing requests.
enum MonotonicClock {
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// Nanoseconds from `start` to now (0 if the clock went backwards, which a monotonic clock does not).
    static func since(_ start: UInt64) -> UInt64 {
        let current = now()
        return current >= start ? current - start : 0
    }
}
