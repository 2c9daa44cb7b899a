/// A user's `exec` stanza: a client-go credential plugin (`client.authentication.k8s.io/v1` or `v1beta1`).
package struct ExecConfig: Sendable, Hashable {
    package enum InteractiveMode: String, Sendable, Hashable {
        /// Never hand the plugin standard input.
        case never = "Never"
        /// Hand it standard input only when that is a terminal.
        case ifAvailable = "IfAvailable"
        /// Require a terminal on standard input; fail otherwise.
        case always = "Always"
    }

    package static let supportedAPIVersions = [
        "client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1",
    ]

    /// An absolute path, a path relative to the defining file (already resolved), or a name looked up in `PATH`.
    package var command: String
    package var args: [String]
    /// Added to the inherited environment, in order.
    package var env: [ExecEnvVar]
    package var apiVersion: String
    package var installHint: String?
    package var provideClusterInfo: Bool
    package var interactiveMode: InteractiveMode

    package init(
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

package struct ExecEnvVar: Sendable, Hashable {
    package var name: String
    package var value: String

    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
