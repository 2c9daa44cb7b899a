import Core

/// Splits a stream of concatenated JSON objects (a watch body) into one byte array per object, whatever the
/// chunk boundaries. Only objects are expected at the top level; whitespace between them is skipped.
struct JSONStreamSplitter {
    /// A single object larger than this is an error, so a broken stream cannot fill memory.
    static let maximumObjectBytes = 64 << 20

    private var pending: [UInt8] = []
    private var depth = 0
    private var inString = false
    private var escaped = false

    /// Feeds `chunk` and returns the objects it completed.
    mutating func feed(_ chunk: [UInt8]) throws(KServeError) -> [[UInt8]] {
        var completed: [[UInt8]] = []
        for byte in chunk {
            if depth == 0 {
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                    continue
                case UInt8(ascii: "{"):
                    depth = 1
                    pending.append(byte)
                    continue
                default:
                    let found = String(decoding: [byte], as: UTF8.self)
                    throw KServeError(.badResponse, "the watch stream holds '\(found)' where an object should start")
                }
            }
            pending.append(byte)
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                if depth == 0 {
                    completed.append(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            if pending.count > Self.maximumObjectBytes {
                throw KServeError(.badResponse, "a watch event exceeds \(Self.maximumObjectBytes) bytes")
            }
        }
        return completed
    }

    /// True when no partial object is buffered.
    var isIdle: Bool { depth == 0 && pending.isEmpty }
}
