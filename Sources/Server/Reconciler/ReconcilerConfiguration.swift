#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How the reconciler names and addresses what it serves.
public struct ReconcilerConfiguration: Sendable {
    /// Ingress domain and URL scheme of `status.url`.
    public var names: ServingNames
    /// The server's inference workers (`--workers`): the most a predictor's `minReplicas` can claim.
    public var serverWorkers: Int
    /// Where models named by `http(s)://` storage URIs are downloaded to.
    public var downloadDirectory: String
    /// Receives one line per notable event (a load failure, a status that could not be written).
    public var log: (@Sendable (String) -> Void)?

    public init(
        names: ServingNames = ServingNames(),
        serverWorkers: Int = 1,
        downloadDirectory: String = ReconcilerConfiguration.temporaryDownloadDirectory(),
        log: (@Sendable (String) -> Void)? = nil
    ) {
        self.names = names
        self.serverWorkers = serverWorkers
        self.downloadDirectory = downloadDirectory
        self.log = log
    }

    /// `$TMPDIR/kserve-downloads-PID` (or under `/tmp`): for a server that keeps no state directory.
    public static func temporaryDownloadDirectory() -> String {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return "\(base)/kserve-downloads-\(getpid())"
    }
}
