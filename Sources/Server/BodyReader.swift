import HTTPTypes
import Hummingbird

/// Reads request bodies up to the configured limit.
enum BodyReader {
    /// The whole body; a declared or actual length over `limit` is a 413 before more is read.
    static func read(_ request: Request, limit: Int) async throws -> [UInt8] {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw tooLarge(declared, limit: limit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge(nil, limit: limit)
        }
        return Array(buffer.readableBytesView)
    }

    private static func tooLarge(_ declared: Int?, limit: Int) -> APIError {
        let size = declared.map { "of \($0) bytes " } ?? ""
        return APIError(.contentTooLarge, "request body \(size)is over the server's limit of \(limit) bytes")
    }
}
