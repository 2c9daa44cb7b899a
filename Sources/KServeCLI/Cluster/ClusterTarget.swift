import ControlPlane
import Core
import CurlHTTP
import Kube
import Server

/// The cluster a command talks to: a ``KubeClient`` for the chosen kubeconfig context and the namespace to use.
struct ClusterTarget {
    let client: KubeClient
    /// `-n`, else the context's namespace, else `default`.
    let namespace: String
    /// Whether the target is the `kserve serve` on this machine (context `kserve-local`).
    let isLocal: Bool

    var server: String { client.connection.server }
    var contextName: String { client.connection.contextName }
}

extension CommandContext {
    /// Where the local server's kubeconfig lives: `STATE_DIR/kubeconfig` under the default state directory.
    static func localKubeconfigPath(environment: [String: String]) -> String? {
        ControlPlaneConfiguration.defaultStateDirectory(environment: environment).map { $0 + "/kubeconfig" }
    }

    /// Builds the cluster client from the global options.
    ///
    /// Flags win over the environment, which wins over the kubeconfig: `--kubeconfig`, else `KUBECONFIG`, else
    /// `~/.kube/config`. Without any kubeconfig (or with `--local`) the local server's kubeconfig is used.
    /// Every call of the client ends by `deadline` (the command's `--timeout`).
    func clusterTarget(deadline: ContinuousClock.Instant?) throws(KServeError) -> ClusterTarget {
        let invocation = self.invocation
        let local = invocation.flag(.local)
        var config: KubeConfig
        if local {
            config = try loadLocalKubeconfig(reason: "--local")
        } else {
            config = try KubeConfig.load(
                explicitPath: invocation.value(.kubeconfig),
                environment: environment,
                home: environment["HOME"]
            )
            if config.isEmpty && !config.isInCluster && invocation.value(.kubeconfig) == nil {
                config = try loadLocalKubeconfig(reason: "no kubeconfig was found")
            }
        }
        let namespace = invocation.value(.namespace).flatMap { $0.isEmpty ? nil : $0 }
        let context = local ? Kubeconfig.contextName : invocation.value(.context).flatMap { $0.isEmpty ? nil : $0 }
        let connection = try config.resolve(context: context, namespace: namespace)

        var options = KubeClientOptions(userAgent: "kserve/\(BuildInfo.version)")
        options.deadline = deadline
        if verbosity >= 2 {
            options.traceLevel = verbosity >= 3 ? .bodies : .requests
        }
        let terminal = self.terminal
        options.traceSink = { line in terminal.err(line.hasSuffix("\n") ? line : line + "\n") }
        options.warningSink = { text in terminal.warning(text) }
        let client = try KubeClient(connection: connection, options: options)
        let isLocal = connection.contextName == Kubeconfig.contextName
        if verbosity >= 1 {
            terminal.err("using context \(connection.contextName) at \(HTTPRedaction.url(connection.server))\n")
        }
        return ClusterTarget(client: client, namespace: connection.namespace, isLocal: isLocal)
    }

    private func loadLocalKubeconfig(reason: String) throws(KServeError) -> KubeConfig {
        guard let path = Self.localKubeconfigPath(environment: environment) else {
            throw KServeError(
                .invalidInput,
                "\(reason) and neither XDG_STATE_HOME nor HOME is set to find the "
                    + "local server's kubeconfig; pass --kubeconfig"
            )
        }
        do {
            return try KubeConfig.load(explicitPath: path, environment: environment, home: nil)
        } catch {
            throw KServeError(
                .notFound,
                "\(reason), and the local server's kubeconfig \(path) cannot be read: start `kserve serve` "
                    + "or pass --kubeconfig",
                cause: error
            )
        }
    }

    /// The end of the command's `--timeout`, nil without one.
    func deadline(defaultSeconds: Double? = nil) -> ContinuousClock.Instant? {
        guard let seconds = invocation.duration(.timeout) ?? defaultSeconds, seconds > 0 else { return nil }
        return ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    }
}
