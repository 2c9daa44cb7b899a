import Core

/// The process's standard streams: stdout carries data only; progress, warnings and errors go to stderr.
/// Colour only on a TTY and only without `--no-color` or `NO_COLOR`.
package struct Terminal: Sendable {
    package let stdoutIsTTY: Bool
    package let stderrIsTTY: Bool
    package let color: Bool

    package init(noColor: Bool, environment: [String: String]) {
        stdoutIsTTY = isatty(1) == 1
        stderrIsTTY = isatty(2) == 1
        let noColorEnv = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        color = stderrIsTTY && !noColor && !noColorEnv && environment["TERM"] != "dumb"
    }

    package func out(_ text: String) { write(1, text) }
    package func err(_ text: String) { write(2, text) }

    /// `error: message` on stderr, the prefix in red on a colour terminal.
    package func error(_ message: String) {
        err((color ? "\u{1B}[1;31merror:\u{1B}[0m " : "error: ") + message + "\n")
    }

    package func warning(_ message: String) {
        err((color ? "\u{1B}[1;33mwarning:\u{1B}[0m " : "warning: ") + message + "\n")
    }

    private func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { raw in
                Glibc.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
        bytes.removeAll()
    }
}
