/// A user's `exec` stanza: a client-go credential plugin (`client.authentication.k8s.io/v1` or `v1beta1`).
public struct ExecConfig: Sendable, Hashable {
    public enum InteractiveMode: String, Sendable, Hashable {
        /// Never hand the plugin standard input.
        case never = "Never"
        /// Hand it standard input only when that is a terminal.
        case ifAvailable = "IfAvailable"
        /// Require a terminal on standard input; fail otherwise.
        case always = "Always"
    }

    public static let supportedAPIVersions = [
        "client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1",
    ]

    /// An absolute path, a path relative to the defining file (already resolved), or a name looked up in `PATH`.
    public var command: String
    public var args: [String]
    /// Added to the inherited environment, in order.
    public var env: [ExecEnvVar]
    public var apiVersion: String
    public var installHint: String?
    public var provideClusterInfo: Bool
    public var interactiveMode: InteractiveMode

    public init(
        command: String,
        args: [String] = [],
        env: [ExecEnvVar] = [],
        apiVersion: String = "client.authentication.k8s.io/v1",
        installHint: String? = nil,
        provideClusterInfo: Bool = false,
        interactiveMode: InteractiveMode = .never
    ) {
        self.command = command
        self.args = args
        self.env = env
        self.apiVersion = apiVersion
        self.installHint = installHint
        self.provideClusterInfo = provideClusterInfo
        self.interactiveMode = interactiveMode
    }
}

public struct ExecEnvVar: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
