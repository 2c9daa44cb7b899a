import Core
import Synchronization

/// Progress while waiting: one line rewritten in place on a TTY (without colour when NO_COLOR), else one
/// timestamped line per change, so logs of CI jobs read well. Silent with `-q`.
///
/// Updates come from the task that watches and `finish()` from the one that waits, so the state sits behind a lock
/// and each update writes its line while holding it (lines never interleave).
final class ProgressLine: Sendable {
    private struct State {
        var last: String?
        var lastText: String?
        var drawn = false
    }

    private let terminal: Terminal
    private let live: Bool
    private let quiet: Bool
    private let state = Mutex(State())

    init(terminal: Terminal, quiet: Bool) {
        self.terminal = terminal
        self.live = terminal.stderrIsTTY
        self.quiet = quiet
    }

    /// The latest text shown (or that would have been, with `-q`).
    var lastText: String? { state.withLock { $0.lastText } }

    func update(_ text: String) {
        state.withLock { state in
            state.lastText = text
            guard !quiet, text != state.last else { return }
            state.last = text
            if live {
                let width = 119
                let shown = text.count > width ? String(text.prefix(width - 3)) + "..." : text
                terminal.err("\r\u{1B}[2K" + shown)
                state.drawn = true
            } else {
                terminal.err("\(RFC3339.now()) \(text)\n")
            }
        }
    }

    /// Clears the live line so that what follows starts on a clean line.
    func finish() {
        state.withLock { state in
            guard state.drawn else { return }
            terminal.err("\r\u{1B}[2K")
            state.drawn = false
        }
    }
}
