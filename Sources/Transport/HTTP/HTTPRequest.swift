/// One HTTP request: what ``HTTPClient/send(_:)`` puts on the wire.
public struct HTTPRequest: Sendable {
    /// `GET`, `HEAD`, `POST`, `PUT`, `PATCH`, `DELETE` or any other token.
    public var method: String
    public var url: String
    public var headers: HTTPHeaders
    /// The request body; `nil` sends none. An empty array sends `Content-Length: 0`.
    public var body: [UInt8]?
    /// Seconds allowed for the whole request; `nil` uses the client's default.
    public var timeout: Double?

    public init(
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
