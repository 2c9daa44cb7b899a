import Core

/// Progress while waiting: one line rewritten in place on a TTY (without colour when NO_COLOR), else one
/// timestamped line per change, so logs of CI jobs read well. Silent with `-q`.
final class ProgressLine: @unchecked Sendable {
    private let terminal: Terminal
    private let live: Bool
    private let quiet: Bool
    private var last: String?
    /// The latest text shown (or that would have been, with `-q`).
    private(set) var lastText: String?
    private var drawn = false

    init(terminal: Terminal, quiet: Bool) {
        self.terminal = terminal
        self.live = terminal.stderrIsTTY
        self.quiet = quiet
    }

    func update(_ text: String) {
        lastText = text
        guard !quiet, text != last else { return }
        last = text
        if live {
            let width = 119
            let shown = text.count > width ? String(text.prefix(width - 3)) + "..." : text
            terminal.err("\r\u{1B}[2K" + shown)
            drawn = true
        } else {
            terminal.err("\(RFC3339.now()) \(text)\n")
        }
    }

    /// Clears the live line so that what follows starts on a clean line.
    func finish() {
        guard drawn else { return }
        terminal.err("\r\u{1B}[2K")
        drawn = false
    }

}
