import Logging
import Synchronization

/// What a component logged, read back by a test: a ``logger`` to hand to the component, and each message (the line
/// a user would read) with its level, in the order logged.
package final class CapturedLog: Sendable {
    package struct Entry: Sendable, Equatable {
        package var level: Logger.Level
        package var line: String
    }

    private let entries = Mutex<[Entry]>([])

    package init() {}

    /// A logger that records every message, at every level, here.
    package var logger: Logger {
        Logger(label: "kserve.test") { _ in Handler(log: self) }
    }

    /// Every message logged so far.
    package var lines: [String] { entries.withLock { $0.map(\.line) } }

    /// The messages logged at `level`.
    package func lines(at level: Logger.Level) -> [String] {
        entries.withLock { $0.filter { $0.level == level }.map(\.line) }
    }

    fileprivate func record(_ entry: Entry) {
        entries.withLock { $0.append(entry) }
    }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.record(Entry(level: event.level, line: event.message.description))
        }
    }
}
