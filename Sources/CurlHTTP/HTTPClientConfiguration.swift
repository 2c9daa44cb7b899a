/// Settings fixed for the lifetime of one ``HTTPClient``.
package struct HTTPClientConfiguration: Sendable {
    /// Seconds allowed to establish a connection (TCP and TLS).
    package var connectTimeout: Double = 10
    /// Seconds allowed for a whole request when the request sets none; `nil` waits forever.
    package var timeout: Double? = nil
    /// Fail a transfer that stays slower than this (a stalled or trickling server); `nil` has no such limit.
    package var slowTransfer: SlowTransferLimit? = nil
    package var tls = TLSOptions()
    /// A proxy URL such as `http://proxy:3128`; `nil` uses libcurl's environment handling (`https_proxy`...).
    package var proxy: String? = nil
    package var userAgent: String = "kserve"
    package var trace: HTTPTraceLevel = .none
    /// Receives one trace line per call; standard error when `nil`.
    package var traceSink: (@Sendable (String) -> Void)? = nil
    /// A response body larger than this fails with `.badResponse`; `nil` accepts any size.
    package var maxResponseBytes: Int? = nil
    /// Follow up to 10 redirects (to http or https only), as a download from a file server needs; API clients leave
    /// this off so that a redirect is seen, not silently followed with their credentials.
    package var followRedirects = false

    package init() {}
}
