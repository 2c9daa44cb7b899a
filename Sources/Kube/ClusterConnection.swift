import Core
import CurlHTTP

/// One resolved context: where the API server is, how to trust it, and who we are. Ready for ``KubeClient``.
package struct ClusterConnection: Sendable {
    /// The API server URL, possibly with a path prefix (API paths are appended to it).
    package var server: String
    /// `--namespace`, else the context's namespace, else `default`.
    package var namespace: String
    package var contextName: String
    package var clusterName: String
    package var userName: String
    /// Server verification (CA, insecure, TLS server name) and, when the user has one, the client certificate.
    package var tls: TLSOptions
    /// `proxy-url`; nil leaves proxies to the environment (`HTTPS_PROXY`, `NO_PROXY`).
    package var proxyURL: String?
    package var credentials: Credentials
    /// Who the requests act as, when the user impersonates someone.
    package var impersonation: Impersonation?

    package init(
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
