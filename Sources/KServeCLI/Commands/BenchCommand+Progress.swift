import Bench
import Core

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
