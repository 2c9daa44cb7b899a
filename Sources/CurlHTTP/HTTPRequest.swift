/// One HTTP request: what ``HTTPClient/send(_:)`` puts on the wire.
package struct HTTPRequest: Sendable {
    /// `GET`, `HEAD`, `POST`, `PUT`, `PATCH`, `DELETE` or any other token.
    package var method: String
    package var url: String
    package var headers: HTTPHeaders
    /// The request body; `nil` sends none. An empty array sends `Content-Length: 0`.
    package var body: [UInt8]?
    /// Seconds allowed for the whole request; `nil` uses the client's default.
    package var timeout: Double?

    package init(
        method: String = "GET",
        url: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8]? = nil,
        timeout: Double? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
