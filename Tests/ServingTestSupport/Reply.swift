import Core
import HTTPTypes

/// One answer from a server under test.
package struct Reply: Sendable {
    package let status: Int
    package let headers: HTTPFields
    package let body: [UInt8]

    package init(status: Int, headers: HTTPFields, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    package var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as JSON (nil when it is not JSON).
    package var json: Value? { try? JSONParser.parse(body, source: "reply") }

    /// The `error` message of an error body.
    package var error: String? { json?["error"]?.stringValue }

    package func header(_ name: String) -> String? {
        guard let field = HTTPField.Name(name) else { return nil }
        return headers[field]
    }
}
