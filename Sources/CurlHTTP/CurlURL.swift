import CCurl
import Core

/// A URL parsed by libcurl's own parser (`curl_url`), so it reads URLs exactly as the transfer will.
final class CurlURL {
    private let handle: OpaquePointer

    init(_ text: String) throws(KServeError) {
        guard let handle = kserve_curl_url() else {
            throw KServeError(.internal, "cannot parse URL '\(HTTPRedaction.url(text))': out of memory")
        }
        self.handle = handle
        let code = kserve_curl_url_set(handle, CURLUPART_URL, text, 0)
        guard code == CURLUE_OK else {
            throw KServeError(.invalidInput, "invalid URL '\(HTTPRedaction.url(text))': \(Self.describe(code))")
        }
    }

    deinit { kserve_curl_url_cleanup(handle) }

    var scheme: String? { part(CURLUPART_SCHEME) }
    /// The host as written, IPv6 addresses in brackets.
    var host: String? { part(CURLUPART_HOST) }
    /// The port written in the URL, if any.
    var explicitPort: String? { part(CURLUPART_PORT) }
    /// The port the transfer uses: the written one or the scheme's default.
    var effectivePort: String? { part(CURLUPART_PORT, flags: UInt32(CURLU_DEFAULT_PORT)) }
    var text: String? { part(CURLUPART_URL) }

    func setHost(_ host: String) throws(KServeError) {
        let code = kserve_curl_url_set(handle, CURLUPART_HOST, host, 0)
        guard code == CURLUE_OK else {
            throw KServeError(.invalidInput, "invalid host '\(host)': \(Self.describe(code))")
        }
    }

    private func part(_ part: CURLUPart, flags: UInt32 = 0) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard kserve_curl_url_get(handle, part, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { kserve_curl_free(value) }
        return String(cString: value)
    }

    private static func describe(_ code: CURLUcode) -> String {
        guard let text = kserve_curl_url_strerror(code) else { return "URL error \(code.rawValue)" }
        return String(cString: text)
    }
}

/// How a request reaches its server when TLS must present a name other than the URL's host.
///
/// libcurl takes the SNI and verification name from the URL host, so the URL carries the server name and
/// `CURLOPT_CONNECT_TO` sends the connection to the real host; the `Host` header keeps the original authority.
struct ServerNameRoute {
    var url: String
    var connectTo: String
    var hostHeader: String

    /// `nil` when the override does not apply (plain `http`, or the URL already names `serverName`).
    static func make(url: String, serverName: String) throws(KServeError) -> ServerNameRoute? {
        let parsed = try CurlURL(url)
        guard let scheme = parsed.scheme, scheme.lowercased() == "https", let host = parsed.host,
            let port = parsed.effectivePort
        else { return nil }
        if host.lowercased() == serverName.lowercased() { return nil }
        let hostHeader = parsed.explicitPort.map { "\(host):\($0)" } ?? host
        try parsed.setHost(serverName)
        guard let rewritten = parsed.text else {
            throw KServeError(
                .invalidInput,
                "cannot use TLS server name '\(serverName)' with \(HTTPRedaction.url(url))"
            )
        }
        return ServerNameRoute(
            url: rewritten,
            connectTo: "\(serverName):\(port):\(host):\(port)",
            hostHeader: hostHeader
        )
    }
}
