/// How `kserve serve` runs its Kubernetes-compatible control plane.
package struct ControlPlaneConfiguration: Sendable {
    /// Where objects are kept across restarts; nil keeps them in memory only.
    package var stateDirectory: String?
    /// Where to write a kubeconfig for this server (context `kserve-local`); nil writes none.
    package var kubeconfigPath: String?
    /// How often a watch that allows bookmarks gets one.
    package var bookmarkInterval: Duration = .seconds(30)

    package init(stateDirectory: String? = nil, kubeconfigPath: String? = nil) {
        self.stateDirectory = stateDirectory
        self.kubeconfigPath = kubeconfigPath
    }

    /// `$XDG_STATE_HOME/kserve`, else `$HOME/.local/state/kserve`; nil when neither variable is set.
    package static func defaultStateDirectory(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/kserve" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/kserve" }
        return nil
    }
}
