import Transport

/// Where and how to reach an inference server: base URL, extra headers (e.g. `Host` through an ingress gateway),
/// and the per-request timeout.
public struct InferenceEndpoint: Sendable {
    /// Base URL without a trailing slash, e.g. `http://127.0.0.1:8080` or `http://gateway/serving/ns/name`.
    public var baseURL: String
    public var headers: HTTPHeaders
    public var timeout: Double?

    public init(baseURL: String, headers: HTTPHeaders = HTTPHeaders(), timeout: Double? = nil) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.headers = headers
        self.timeout = timeout
    }

    /// The URL of an API path such as `/v2/models`.
    public func url(_ path: String) -> String { baseURL + path }
}

/// Percent-encodes a model name for use as one path segment (unreserved characters stay as they are).
public func pathSegment(_ name: String) -> String {
    var out = ""
    for byte in name.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"):
            out.unicodeScalars.append(UnicodeScalar(byte))
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            out += "%" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    return out
}
