import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1

/// Reads request bodies up to the configured limit.
package enum BodyReader {
    /// The whole body; a declared or actual length over `limit` is a 413 before more is read.
    package static func read(_ request: Request, limit: Int) async throws -> [UInt8] {
        Array(try await buffer(request, limit: limit).readableBytesView)
    }

    /// The whole body as the server received it, for readers that take a `ByteBuffer` (no copy into an array).
    package static func buffer(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw tooLarge(declared, limit: limit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge(nil, limit: limit)
        } catch let error as HTTPParserError {
            throw malformed(error)
        }
        return buffer
    }

    /// A body that breaks HTTP/1.1's framing (a bad chunk size, say) is the client's error; the connection cannot be
    /// read further, so the answer closes it.
    private static func malformed(_ error: HTTPParserError) -> APIError {
        APIError(.badRequest, "the request body is malformed HTTP/1.1: \(error)", headers: [.connection: "close"])
    }

    private static func tooLarge(_ declared: Int?, limit: Int) -> APIError {
        let size = declared.map { "of \($0) bytes " } ?? ""
        return APIError(.contentTooLarge, "request body \(size)is over the server's limit of \(limit) bytes")
    }
}
