/// How requests authenticate. Descriptions never show a secret.
package enum Credentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    case none
    /// A bearer token.
    case token(String)
    /// A bearer token read from this file before every request, so rotated tokens are picked up.
    case tokenFile(String)
    case basic(username: String, password: String)
    /// Only the client certificate and key in ``ClusterConnection/tls``.
    case clientCertificate
    /// A credential plugin, run when a credential is needed and cached until it expires.
    case exec(ExecPlugin)

    package var description: String {
        switch self {
        case .none: "none"
        case .token: "token"
        case .tokenFile(let path): "token file \(path)"
        case .basic(let username, _): "basic (\(username))"
        case .clientCertificate: "client certificate"
        case .exec(let plugin): "exec plugin \(plugin.config.command)"
        }
    }

    package var debugDescription: String { description }
}
