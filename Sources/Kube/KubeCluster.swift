import Transport

/// A `clusters[].cluster` entry. Relative paths are already resolved against the defining file's directory.
public struct KubeCluster: Sendable, Hashable {
    public var server: String
    public var certificateAuthority: String?
    /// Decoded `certificate-authority-data` (PEM); takes precedence over the file.
    public var certificateAuthorityData: [UInt8]?
    public var insecureSkipTLSVerify: Bool
    public var tlsServerName: String?
    public var proxyURL: String?
    public var disableCompression: Bool
    /// The `client.authentication.k8s.io/exec` extension, handed to exec plugins as `spec.cluster.config`.
    public var execExtension: Value?
    public var source: String

    public init(
        server: String,
        certificateAuthority: String? = nil,
        certificateAuthorityData: [UInt8]? = nil,
        insecureSkipTLSVerify: Bool = false,
        tlsServerName: String? = nil,
        proxyURL: String? = nil,
        disableCompression: Bool = false,
        execExtension: Value? = nil,
        source: String = ""
    ) {
        self.server = server
        self.certificateAuthority = certificateAuthority
        self.certificateAuthorityData = certificateAuthorityData
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.proxyURL = proxyURL
        self.disableCompression = disableCompression
        self.execExtension = execExtension
        self.source = source
    }
}
