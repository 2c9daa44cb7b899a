import CCurl
import Core

/// Process-wide libcurl setup: the library is loaded (see the CCurl shim) and `curl_global_init` runs exactly once,
/// before the first handle.
enum CurlGlobal {
    /// Swift initialises a static `let` once, thread-safely, on first use.
    private static let initResult: (code: CURLcode, loadError: String?) = {
        if let reason = kserve_curl_load_error() { return (CURLE_FAILED_INIT, String(cString: reason)) }
        return (kserve_curl_global_init(Int(CURL_GLOBAL_ALL)), nil)
    }()

    static func ensureInitialized() throws(KServeError) {
        if let loadError = initResult.loadError {
            throw KServeError(
                .internal,
                "cannot load libcurl (install libcurl4-openssl-dev or libcurl4): \(loadError)"
            )
        }
        let code = initResult.code
        guard code == CURLE_OK else {
            throw KServeError(.internal, "cannot initialise libcurl: \(CurlGlobal.describe(code))")
        }
    }

    /// libcurl's own text for a result code.
    static func describe(_ code: CURLcode) -> String {
        guard let text = kserve_curl_easy_strerror(code) else { return "libcurl error \(code.rawValue)" }
        return String(cString: text)
    }

    /// The version line, e.g. `libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 nghttp2/1.52.0`.
    static var versionText: String {
        guard kserve_curl_load_error() == nil, let text = kserve_curl_version() else { return "libcurl (not loaded)" }
        return String(cString: text)
    }
}
