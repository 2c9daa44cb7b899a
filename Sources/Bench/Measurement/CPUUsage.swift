import Core

/// The load generator's own CPU use, so a report can say when the client, not the server, was the limit.
package struct CPUUsage: Sendable {
    /// User plus system CPU seconds this process has used so far (getrusage); 0 if the call fails.
    package static func processSeconds() -> Double {
        var usage = rusage()
        guard getrusage(who, &usage) == 0 else { return 0 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// CPU use as a percentage of `threads` fully busy cores over `wallSeconds` (100 = every thread busy all the
    /// time); 0 when the interval is empty.
    package static func percent(cpuSeconds: Double, wallSeconds: Double, threads: Int = 1) -> Double {
        guard wallSeconds > 0, threads > 0, cpuSeconds.isFinite else { return 0 }
        return Swift.max(0, cpuSeconds) / (wallSeconds * Double(threads)) * 100
    }

    /// Cores online, at least 1.
    package static func coreCount() -> Int {
        Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    #if canImport(Glibc)
    private static let who = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    private static let who = RUSAGE_SELF
    #endif

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000
    }
}
