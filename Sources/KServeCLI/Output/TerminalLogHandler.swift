import Logging

/// The log of `kserve serve` on stderr: each message as one line, exactly as written. The server's components write
/// the whole line a user reads into the message (prefixes such as `error:` included), so nothing is added: no level,
/// timestamp or colour, and no metadata (it repeats what the line says). The level only filters: messages below
/// `.info` (debug chatter) are not printed.
struct TerminalLogHandler: LogHandler {
    let terminal: Terminal
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        terminal.err(Self.line(event.message.description))
    }

    /// The message as one line on the terminal.
    static func line(_ message: String) -> String {
        message.hasSuffix("\n") ? message : message + "\n"
    }

    /// The server's logger: this handler on `terminal`, or nothing at all with `--quiet`.
    static func logger(terminal: Terminal, quiet: Bool) -> Logger {
        guard !quiet else { return Logger(label: "kserve.serve", factory: { _ in SwiftLogNoOpLogHandler() }) }
        return Logger(label: "kserve.serve", factory: { _ in TerminalLogHandler(terminal: terminal) })
    }
}
