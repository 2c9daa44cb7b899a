/// How the client verifies servers and proves its own identity. Every certificate and key is PEM.
///
/// Data takes precedence over a file of the same role. Setting a CA (file or data) replaces the system trust store.
public struct TLSOptions: Sendable {
    public var caFile: String?
    public var caData: [UInt8]?
    public var clientCertificateFile: String?
    public var clientCertificateData: [UInt8]?
    public var clientKeyFile: String?
    public var clientKeyData: [UInt8]?
    /// Accepts any server certificate and name. Only for testing.
    public var insecureSkipVerify: Bool = false
    /// The name sent as SNI and checked against the server certificate, instead of the URL's host.
    /// The connection still goes to the URL's host and the `Host` header keeps the URL's host.
    public var serverName: String?

    public init() {}
}
