import Core
import CurlHTTP

/// Where and how to reach an inference server: base URL, extra headers (e.g. `Host` through an ingress gateway),
/// and the per-request timeout.
package struct InferenceEndpoint: Sendable {
    /// Base URL without a trailing slash, e.g. `http://127.0.0.1:8080` or `http://gateway/serving/ns/name`.
    package var baseURL: String
    package var headers: HTTPHeaders
    package var timeout: Double?

    package init(baseURL: String, headers: HTTPHeaders = HTTPHeaders(), timeout: Double? = nil) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.headers = headers
        self.timeout = timeout
    }

    /// The URL of an API path such as `/v2/models`.
    package func url(_ path: String) -> String { baseURL + path }
}
