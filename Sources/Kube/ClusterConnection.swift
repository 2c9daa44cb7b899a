import Transport

/// One resolved context: where the API server is, how to trust it, and who we are. Ready for ``KubeClient``.
public struct ClusterConnection: Sendable {
    /// The API server URL, possibly with a path prefix (API paths are appended to it).
    public var server: String
    /// `--namespace`, else the context's namespace, else `default`.
    public var namespace: String
    public var contextName: String
    public var clusterName: String
    public var userName: String
    /// Server verification (CA, insecure, TLS server name) and, when the user has one, the client certificate.
    public var tls: TLSOptions
    /// `proxy-url`; nil leaves proxies to the environment (`HTTPS_PROXY`, `NO_PROXY`).
    public var proxyURL: String?
    public var credentials: Credentials
    /// Who the requests act as, when the user impersonates someone.
    public var impersonation: Impersonation?

    public init(
        server: String,
        namespace: String = "default",
        contextName: String = "",
        clusterName: String = "",
        userName: String = "",
        tls: TLSOptions = TLSOptions(),
        proxyURL: String? = nil,
        credentials: Credentials = .none,
        impersonation: Impersonation? = nil
    ) {
        self.server = server
        self.namespace = namespace
        self.contextName = contextName
        self.clusterName = clusterName
        self.userName = userName
        self.tls = tls
        self.proxyURL = proxyURL
        self.credentials = credentials
        self.impersonation = impersonation
    }
}
