/// A server's answer. Any status, 2xx or not, arrives as a response rather than an error.
package struct HTTPResponse: Sendable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: [UInt8]
    /// The protocol version spoken: `"1.0"`, `"1.1"`, `"2"` or `"3"`.
    package var httpVersion: String
    /// The status line's phrase, or the standard phrase for the status when the server sent none (HTTP/2).
    package var reason: String

    package init(
        status: Int,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        httpVersion: String = "1.1",
        reason: String? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.httpVersion = httpVersion
        self.reason = reason ?? HTTPStatusPhrase.standard(for: status)
    }

    /// True for 2xx statuses.
    package var isSuccess: Bool { (200..<300).contains(status) }

    /// The body decoded as UTF-8 (invalid sequences replaced).
    package var bodyText: String { String(decoding: body, as: UTF8.self) }
}
