import Core
import NIOCore

/// JSON request bodies parsed where the server received them, without copying the bytes into an array first.
enum BodyJSON {
    /// tritonclient and KServe's client write NaN and infinities as bare `NaN` / `Infinity`, so they are accepted.
    static func parse(_ body: ByteBuffer, source: String) throws(KServeError) -> Value {
        let parsed: Result<Value, KServeError> = body.withUnsafeReadableBytes { raw in
            let bytes = raw.assumingMemoryBound(to: UInt8.self)
            do throws(KServeError) {
                return .success(try JSONParser.parse(bytes, source: source, allowNonFinite: true))
            } catch {
                return .failure(error)
            }
        }
        return try parsed.get()
    }
}
