import Core
import Logging

/// How the reconciler names and addresses what it serves.
package struct ReconcilerConfiguration: Sendable {
    /// Ingress domain and URL scheme of `status.url`.
    package var names: ServingNames
    /// The server's inference workers (`--workers`): the most a predictor's `minReplicas` can claim.
    package var serverWorkers: Int
    /// Where models named by `http(s)://` storage URIs are downloaded to.
    package var downloadDirectory: String
    /// Where the reconciler logs notable events (a load failure, a status that could not be written), one whole line
    /// a message.
    package var logger: Logger

    package init(
        names: ServingNames = ServingNames(),
        serverWorkers: Int = 1,
        downloadDirectory: String = ReconcilerConfiguration.temporaryDownloadDirectory(),
        logger: Logger = Logger(label: "kserve.reconciler", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.names = names
        self.serverWorkers = serverWorkers
        self.downloadDirectory = downloadDirectory
        self.logger = logger
    }

    /// `$TMPDIR/kserve-downloads-PID` (or under `/tmp`): for a server that keeps no state directory.
    package static func temporaryDownloadDirectory() -> String {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return "\(base)/kserve-downloads-\(getpid())"
    }
}
