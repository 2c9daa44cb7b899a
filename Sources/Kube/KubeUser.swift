/// A `users[].user` entry. Relative paths are already resolved against the defining file's directory.
package struct KubeUser: Sendable, Hashable, CustomStringConvertible {
    package var token: String?
    package var tokenFile: String?
    package var clientCertificate: String?
    package var clientCertificateData: [UInt8]?
    package var clientKey: String?
    package var clientKeyData: [UInt8]?
    package var username: String?
    package var password: String?
    package var exec: ExecConfig?
    /// The name of a legacy `auth-provider` (gcp, azure, oidc, ...), which this tool does not run.
    package var authProvider: String?
    /// `as`, `as-uid`, `as-groups`, `as-user-extra`: act as another identity.
    package var impersonation: Impersonation?
    package var source: String

    package init(source: String = "") {
        self.source = source
    }

    /// Names the techniques configured, never their secrets.
    package var description: String {
        var parts: [String] = []
        if token != nil { parts.append("token") }
        if tokenFile != nil { parts.append("tokenFile") }
        if clientCertificate != nil || clientCertificateData != nil { parts.append("client certificate") }
        if username != nil || password != nil { parts.append("basic") }
        if let exec { parts.append("exec \(exec.command)") }
        if let authProvider { parts.append("auth-provider \(authProvider)") }
        return "KubeUser(" + parts.joined(separator: ", ") + ")"
    }
}
