import Core
import HTTPTypes
import Hummingbird

/// Responses with JSON or raw bodies.
package enum JSONResponse {
    package static func make(_ value: Value, status: HTTPResponse.Status = .ok) -> Response {
        bytes(JSONWriter.bytes(value), contentType: "application/json", status: status)
    }

    package static func bytes(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
