import NIOCore

/// Nanoseconds on the monotonic clock that NIO's timers use (CLOCK_MONOTONIC on Linux): latencies and schedules
/// never jump with the wall clock, and an intended send time is directly a timer deadline.
enum MonotonicClock {
    static func now() -> UInt64 { NIODeadline.now().uptimeNanoseconds }

    static func seconds(from start: UInt64, to end: UInt64) -> Double {
        end > start ? Double(end - start) / 1e9 : 0
    }
}
