/// Settings fixed for the lifetime of one ``HTTPClient``.
public struct HTTPClientConfiguration: Sendable {
    /// Seconds allowed to establish a connection (TCP and TLS).
    public var connectTimeout: Double = 10
    /// Seconds allowed for a whole request when the request sets none; `nil` waits forever.
    public var timeout: Double? = nil
    /// Fail a transfer that stays slower than this (a stalled or trickling server); `nil` has no such limit.
    public var slowTransfer: SlowTransferLimit? = nil
    public var tls = TLSOptions()
    /// A proxy URL such as `http://proxy:3128`; `nil` uses libcurl's environment handling (`https_proxy`...).
    public var proxy: String? = nil
    public var userAgent: String = "kserve"
    public var trace: HTTPTraceLevel = .none
    /// Receives one trace line per call; standard error when `nil`.
    public var traceSink: (@Sendable (String) -> Void)? = nil
    /// A response body larger than this fails with `.badResponse`; `nil` accepts any size.
    public var maxResponseBytes: Int? = nil
    /// Follow up to 10 redirects (to http or https only), as a download from a file server needs; API clients leave
    /// this off so that a redirect is seen, not silently followed with their credentials.
    public var followRedirects = false

    public init() {}
}
