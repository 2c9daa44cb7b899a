import Bench

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The live progress line of `kserve bench`: on stderr, only on a terminal, rewritten in place.
struct BenchProgress: Sendable {
    let terminal: Terminal
    let isEnabled: Bool

    init(terminal: Terminal, enabled: Bool) {
        self.terminal = terminal
        isEnabled = enabled && terminal.stderrIsTTY
    }

    func show(_ level: String, _ elapsed: Double, _ window: WindowSample) {
        guard isEnabled else { return }
        terminal.err("\r\u{1B}[2K" + ReportRenderer.progressLine(level: level, elapsed: elapsed, sample: window))
    }

    func clear() {
        guard isEnabled else { return }
        terminal.err("\r\u{1B}[2K")
    }
}

/// The current time as RFC 3339 UTC (`2026-01-31T12:00:00Z`), without Foundation.
enum RFC3339 {
    static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "1970-01-01T00:00:00Z" }
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
