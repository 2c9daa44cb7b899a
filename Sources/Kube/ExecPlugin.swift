import Transport

/// An exec plugin with everything needed to run it: its stanza, the environment to inherit, and the cluster
/// details it may ask for (`provideClusterInfo`).
public struct ExecPlugin: Sendable {
    public var config: ExecConfig
    public var userName: String
    public var environment: [String: String]
    /// `spec.cluster` of the ExecCredential passed in `KUBERNETES_EXEC_INFO`.
    public var clusterInfo: Value

    public init(config: ExecConfig, userName: String, environment: [String: String], clusterInfo: Value) {
        self.config = config
        self.userName = userName
        self.environment = environment
        self.clusterInfo = clusterInfo
    }
}
