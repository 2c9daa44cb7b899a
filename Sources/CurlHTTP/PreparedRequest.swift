import Core

/// A request checked and translated into what libcurl needs: the URL to fetch, header lines, and routing.
struct PreparedRequest {
    var method: String
    var url: String
    /// The caller's URL with credentials redacted, for messages and traces.
    var displayURL: String
    var headerLines: [String]
    /// The header fields as the trace shows them (before redaction).
    var tracedHeaders: HTTPHeaders
    var connectTo: String?
    var body: [UInt8]?
    var timeout: Double?

    init(_ request: HTTPRequest, configuration: HTTPClientConfiguration) throws(KServeError) {
        displayURL = HTTPRedaction.url(request.url)
        guard !request.url.isEmpty else { throw KServeError(.invalidInput, "the request URL is empty") }
        guard Self.isToken(request.method) else {
            throw KServeError(.invalidInput, "invalid HTTP method '\(request.method)' for \(displayURL)")
        }
        if let timeout = request.timeout, !(timeout > 0) {
            throw KServeError(.invalidInput, "the timeout for \(displayURL) must be positive, not \(timeout)")
        }
        method = request.method
        url = request.url
        body = request.body
        timeout = request.timeout ?? configuration.timeout

        var headers = request.headers
        if let serverName = configuration.tls.serverName,
            let route = try ServerNameRoute.make(url: request.url, serverName: serverName)
        {
            url = route.url
            connectTo = route.connectTo
            if !headers.contains("Host") { headers.add("Host", route.hostHeader) }
        }

        var lines: [String] = []
        lines.reserveCapacity(headers.count + 2)
        for field in headers {
            guard Self.isToken(field.name) else {
                throw KServeError(.invalidInput, "invalid header name '\(field.name)' in request to \(displayURL)")
            }
            guard !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw KServeError(
                    .invalidInput,
                    "header '\(field.name)' in request to \(displayURL) contains a line break"
                )
            }
            // libcurl drops "Name:" (it means "remove"); "Name;" sends the field with an empty value.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        // libcurl would pause for "100 Continue" before large bodies; an empty Expect turns that off.
        if !headers.contains("Expect") { lines.append("Expect:") }
        // Without this libcurl labels every body as a form (application/x-www-form-urlencoded).
        let sendsBody = body != nil || method == "POST"
        if sendsBody && !headers.contains("Content-Type") { lines.append("Content-Type:") }
        headerLines = lines

        tracedHeaders = headers
        if !headers.contains("User-Agent") { tracedHeaders.add("User-Agent", configuration.userAgent) }
    }

    /// RFC 9110 token: the characters allowed in methods and header names.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                default:
                    Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
                }
            }
    }
}
