/// How the reconciler names and addresses what it serves.
public struct ReconcilerConfiguration: Sendable {
    /// Ingress domain and URL scheme of `status.url`.
    public var names: ServingNames
    /// The server's inference workers (`--workers`): the most a predictor's `minReplicas` can claim.
    public var serverWorkers: Int
    /// Receives one line per notable event (a load failure, a status that could not be written).
    public var log: (@Sendable (String) -> Void)?

    public init(
        names: ServingNames = ServingNames(),
        serverWorkers: Int = 1,
        log: (@Sendable (String) -> Void)? = nil
    ) {
        self.names = names
        self.serverWorkers = serverWorkers
        self.log = log
    }
}
