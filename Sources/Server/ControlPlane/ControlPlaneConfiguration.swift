/// How `kserve serve` runs its Kubernetes-compatible control plane.
public struct ControlPlaneConfiguration: Sendable {
    /// Where objects are kept across restarts; nil keeps them in memory only.
    public var stateDirectory: String?
    /// Where to write a kubeconfig for this server (context `kserve-local`); nil writes none.
    public var kubeconfigPath: String?
    /// How often a watch that allows bookmarks gets one.
    public var bookmarkInterval: Duration = .seconds(30)

    public init(stateDirectory: String? = nil, kubeconfigPath: String? = nil) {
        self.stateDirectory = stateDirectory
        self.kubeconfigPath = kubeconfigPath
    }

    /// `$XDG_STATE_HOME/kserve`, else `$HOME/.local/state/kserve`; nil when neither variable is set.
    public static func defaultStateDirectory(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/kserve" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/kserve" }
        return nil
    }
}
