import Logging

/// The HTTP framework's and the service group's log handler: their warnings and errors go on to the server's logger
/// as lines of their own, `LEVEL: MESSAGE key=value ...` (what those lines have always read); the rest is dropped.
///
/// The server's own components write the whole line a user reads into each message, so the handlers of the server's
/// logger print messages as they are; the framework's messages are bare, so their level and metadata are folded into
/// the line here, where it is known that they come from the framework. The metadata also travels on as metadata.
struct ForwardingLogHandler: LogHandler {
    let target: Logger
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .warning

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = "\(event.level): \(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        if !merged.isEmpty {
            line +=
                " " + merged.keys.sorted().map { "\($0)=\(merged[$0].map { "\($0)" } ?? "")" }.joined(separator: " ")
        }
        target.log(
            level: event.level,
            "\(line)",
            metadata: merged.isEmpty ? nil : merged,
            source: event.source,
            file: event.file,
            function: event.function,
            line: event.line
        )
    }
}
