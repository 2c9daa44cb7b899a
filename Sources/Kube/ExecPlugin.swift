import Core

/// An exec plugin with everything needed to run it: its stanza, the environment to inherit, and the cluster
/// details it may ask for (`provideClusterInfo`).
package struct ExecPlugin: Sendable {
    package var config: ExecConfig
    package var userName: String
    package var environment: [String: String]
    /// `spec.cluster` of the ExecCredential passed in `KUBERNETES_EXEC_INFO`.
    package var clusterInfo: Value

    package init(config: ExecConfig, userName: String, environment: [String: String], clusterInfo: Value) {
        self.config = config
        self.userName = userName
        self.environment = environment
        self.clusterInfo = clusterInfo
    }
}
