import CCurl

/// Process-wide libcurl setup: `curl_global_init` runs exactly once, before the first handle.
enum CurlGlobal {
    /// Swift initialises a static `let` once, thread-safely, on first use.
    private static let initResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    static func ensureInitialized() throws(KServeError) {
        let code = initResult
        guard code == CURLE_OK else {
            throw KServeError(.internal, "cannot initialise libcurl: \(CurlGlobal.describe(code))")
        }
    }

    /// libcurl's own text for a result code.
    static func describe(_ code: CURLcode) -> String {
        guard let text = curl_easy_strerror(code) else { return "libcurl error \(code.rawValue)" }
        return String(cString: text)
    }

    /// The version line, e.g. `libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 nghttp2/1.52.0`.
    static var versionText: String {
        guard let text = curl_version() else { return "libcurl" }
        return String(cString: text)
    }
}
