import Core

/// A `clusters[].cluster` entry. Relative paths are already resolved against the defining file's directory.
package struct KubeCluster: Sendable, Hashable {
    package var server: String
    package var certificateAuthority: String?
    /// Decoded `certificate-authority-data` (PEM); takes precedence over the file.
    package var certificateAuthorityData: [UInt8]?
    package var insecureSkipTLSVerify: Bool
    package var tlsServerName: String?
    package var proxyURL: String?
    package var disableCompression: Bool
    /// The `client.authentication.k8s.io/exec` extension, handed to exec plugins as `spec.cluster.config`.
    package var execExtension: Value?
    package var source: String

    package init(
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
