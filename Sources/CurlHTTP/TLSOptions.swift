/// How the client verifies servers and proves its own identity. Every certificate and key is PEM.
///
/// Data takes precedence over a file of the same role. Setting a CA (file or data) replaces the system trust store.
package struct TLSOptions: Sendable {
    package var caFile: String?
    package var caData: [UInt8]?
    package var clientCertificateFile: String?
    package var clientCertificateData: [UInt8]?
    package var clientKeyFile: String?
    package var clientKeyData: [UInt8]?
    /// Accepts any server certificate and name. Only for testing.
    package var insecureSkipVerify: Bool = false
    /// The name sent as SNI and checked against the server certificate, instead of the URL's host.
    /// The connection still goes to the URL's host and the `Host` header keeps the URL's host.
    package var serverName: String?

    package init() {}
}
