/// A `users[].user` entry. Relative paths are already resolved against the defining file's directory.
public struct KubeUser: Sendable, Hashable, CustomStringConvertible {
    public var token: String?
    public var tokenFile: String?
    public var clientCertificate: String?
    public var clientCertificateData: [UInt8]?
    public var clientKey: String?
    public var clientKeyData: [UInt8]?
    public var username: String?
    public var password: String?
    public var exec: ExecConfig?
    /// The name of a legacy `auth-provider` (gcp, azure, oidc, ...), which this tool does not run.
    public var authProvider: String?
    /// `as`, `as-uid`, `as-groups`, `as-user-extra`: act as another identity.
    public var impersonation: Impersonation?
    public var source: String

    public init(source: String = "") {
        self.source = source
    }

    /// Names the techniques configured, never their secrets.
    public var description: String {
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
