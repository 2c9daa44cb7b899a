/// An HTTP body of the binary tensor extension: a JSON header, then raw tensor bytes.
package struct BinaryBody: Sendable, Equatable {
    package var bytes: [UInt8]
    /// The `Inference-Header-Content-Length` value: how many leading bytes are JSON; nil for a pure JSON body.
    package var jsonHeaderLength: Int?

    package init(bytes: [UInt8], jsonHeaderLength: Int?) {
        self.bytes = bytes
        self.jsonHeaderLength = jsonHeaderLength
    }

    /// The header to send with this body, when it has one.
    package static let headerName = "Inference-Header-Content-Length"
    /// The content type of a body with binary data.
    package static let contentType = "application/octet-stream"
}
