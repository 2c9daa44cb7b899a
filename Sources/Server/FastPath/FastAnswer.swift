import Core
import HTTPServing
import HTTPTypes
import Inference
import NIOHTTP1

/// A whole answer that ``InferenceFastPath`` writes: the status, the content type, any further header fields and
/// the body, the same fields the router's answer has.
struct FastAnswer: Sendable {
    var status: HTTPResponseStatus
    var contentType: String
    var fields: [(name: String, value: String)] = []
    var body: [UInt8]

    /// Whether the connection closes after this answer (an error that leaves the connection unusable says so).
    var closesConnection: Bool {
        fields.contains { $0.name.lowercased() == "connection" && $0.value.lowercased() == "close" }
    }

    init(_ answer: EncodedAnswer) {
        status = .ok
        body = answer.bytes
        if let length = answer.jsonHeaderLength {
            contentType = BinaryBody.contentType
            fields = [(BinaryBody.headerName, String(length))]
        } else {
            contentType = "application/json"
        }
    }

    /// `{"error": "..."}` with the error's status and header fields, as ``APIError/response(from:context:)`` answers.
    init(_ failure: APIError) {
        status = HTTPResponseStatus(statusCode: Int(failure.status.code))
        contentType = "application/json"
        fields = failure.headers.map { ($0.name.rawName, $0.value) }
        body = JSONWriter.bytes(["error": .string(failure.message)])
    }
}
