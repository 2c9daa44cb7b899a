import NIOCore

/// One complete HTTP/1.1 response as the load engine needs it: the status, how many bytes it took on the wire,
/// whether the connection stays open, and the start of the body when the status is not 2xx (for error messages).
package struct ParsedResponse: Sendable, Equatable {
    package var status: Int
    package var wireBytes: Int
    package var keepAlive: Bool
    /// At most `HTTPResponseParser.errorBodyLimit` bytes of the body, kept only for non-2xx answers.
    package var errorBody: [UInt8]

    package init(status: Int, wireBytes: Int, keepAlive: Bool, errorBody: [UInt8] = []) {
        self.status = status
        self.wireBytes = wireBytes
        self.keepAlive = keepAlive
        self.errorBody = errorBody
    }
}

/// A response the parser cannot read; the connection cannot be trusted afterwards.
package struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    package var description: String
}

/// An incremental HTTP/1.1 response parser: status line, headers, bodies framed by Content-Length, chunked
/// transfer coding, or the end of the connection. Reads may split anywhere. Bodies are counted, not kept.
///
/// Responses to a pipelined connection arrive in order, so the caller pairs each parsed response with its oldest
/// request. Interim 1xx responses are skipped.
package struct HTTPResponseParser: Sendable {
    package static let maximumHeadBytes = 64 * 1024
    package static let errorBodyLimit = 512

    private enum State: Sendable {
        case head
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
    }

    private var state: State = .head
    /// Bytes of the head (or of a chunk-size or trailer line) seen so far.
    private var line: [UInt8] = []
    private var current = ParsedResponse(status: 0, wireBytes: 0, keepAlive: true)

    package init() {}

    /// Whether a response is partly read (a connection closing now would cut it off).
    package var isMidResponse: Bool {
        if case .head = state { return !line.isEmpty }
        return true
    }

    /// Parses everything readable in `buffer` (consuming it) and calls `emit` for each complete response.
    package mutating func feed(
        _ buffer: inout ByteBuffer,
        _ emit: (ParsedResponse) -> Void
    ) throws(HTTPParseError) {
        while buffer.readableBytes > 0 {
            switch state {
            case .head:
                guard try consumeHead(&buffer) else { return }
                try finishHead(emit)
            case .body(let remaining):
                let taken = min(remaining, buffer.readableBytes)
                consumeBody(&buffer, count: taken)
                if taken == remaining {
                    complete(emit)
                } else {
                    state = .body(remaining: remaining - taken)
                }
            case .chunkSize:
                guard try consumeLine(&buffer) else { return }
                let size = try Self.chunkSize(line)
                line.removeAll(keepingCapacity: true)
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let taken = min(remaining, buffer.readableBytes)
                consumeBody(&buffer, count: taken)
                state = taken == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - taken)
            case .chunkDataEnd:
                guard try consumeLine(&buffer) else { return }
                guard line.isEmpty else { throw HTTPParseError(description: "chunk data longer than its size") }
                state = .chunkSize
            case .trailers:
                guard try consumeLine(&buffer) else { return }
                let empty = line.isEmpty
                line.removeAll(keepingCapacity: true)
                if empty { complete(emit) }
            case .untilClose:
                consumeBody(&buffer, count: buffer.readableBytes)
            }
        }
    }

    /// Parses `bytes` (all of them) and calls `emit` for each complete response.
    package mutating func feed(_ bytes: [UInt8], _ emit: (ParsedResponse) -> Void) throws(HTTPParseError) {
        var buffer = ByteBuffer(bytes: bytes)
        try feed(&buffer, emit)
    }

    /// The connection closed: completes a response whose body runs until the close, else reports a cut-off one.
    /// Returns nil when no response was in progress.
    package mutating func connectionClosed() -> Result<ParsedResponse, HTTPParseError>? {
        switch state {
        case .untilClose:
            var response = current
            response.keepAlive = false
            reset()
            return .success(response)
        case .head where line.isEmpty:
            return nil
        default:
            reset()
            return .failure(HTTPParseError(description: "the server closed the connection in the middle of a response"))
        }
    }

    // MARK: - Head

    /// Moves bytes into `line` up to and including the blank line that ends the head; true once it is complete.
    private mutating func consumeHead(_ buffer: inout ByteBuffer) throws(HTTPParseError) -> Bool {
        let found: Int? = buffer.withUnsafeReadableBytes { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                line.append(byte)
                index += 1
                if byte == 10, Self.endsHead(line) { return index }
            }
            return nil
        }
        let consumed = found ?? buffer.readableBytes
        buffer.moveReaderIndex(forwardBy: consumed)
        current.wireBytes += consumed
        guard found != nil else {
            guard line.count <= Self.maximumHeadBytes else {
                throw HTTPParseError(description: "response head larger than \(Self.maximumHeadBytes) bytes")
            }
            return false
        }
        return true
    }

    private static func endsHead(_ line: [UInt8]) -> Bool {
        let count = line.count
        if count >= 4, line[count - 2] == 13, line[count - 3] == 10, line[count - 4] == 13 { return true }
        // Tolerate bare LF line ends, as most clients do.
        return count >= 2 && line[count - 2] == 10
    }

    private mutating func finishHead(_ emit: (ParsedResponse) -> Void) throws(HTTPParseError) {
        let head = line
        line.removeAll(keepingCapacity: true)
        let parsed = try HeadFields.parse(head)
        current.status = parsed.status
        current.keepAlive = parsed.keepAlive
        if (100..<200).contains(parsed.status) && parsed.status != 101 {
            // An interim answer: the real one follows.
            current = ParsedResponse(status: 0, wireBytes: 0, keepAlive: true)
            return
        }
        if parsed.status == 204 || parsed.status == 304 {
            complete(emit)
        } else if parsed.chunked {
            state = .chunkSize
        } else if let length = parsed.contentLength {
            if length == 0 {
                complete(emit)
            } else {
                state = .body(remaining: length)
            }
        } else {
            current.keepAlive = false
            state = .untilClose
        }
    }

    // MARK: - Body

    private mutating func consumeBody(_ buffer: inout ByteBuffer, count: Int) {
        if !(200..<300).contains(current.status), current.errorBody.count < Self.errorBodyLimit {
            let keep = min(count, Self.errorBodyLimit - current.errorBody.count)
            if let bytes = buffer.getBytes(at: buffer.readerIndex, length: keep) {
                current.errorBody.append(contentsOf: bytes)
            }
        }
        buffer.moveReaderIndex(forwardBy: count)
        current.wireBytes += count
    }

    /// Moves bytes into `line` until a line feed; true when the line is complete (without its CR LF).
    private mutating func consumeLine(_ buffer: inout ByteBuffer) throws(HTTPParseError) -> Bool {
        let found: Int? = buffer.withUnsafeReadableBytes { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == 10 { return index }
                line.append(byte)
            }
            return nil
        }
        let consumed = found ?? buffer.readableBytes
        buffer.moveReaderIndex(forwardBy: consumed)
        current.wireBytes += consumed
        guard found != nil else {
            guard line.count <= 4096 else { throw HTTPParseError(description: "chunk line longer than 4096 bytes") }
            return false
        }
        if line.last == 13 { line.removeLast() }
        return true
    }

    private static func chunkSize(_ line: [UInt8]) throws(HTTPParseError) -> Int {
        var size = 0
        var digits = 0
        for byte in line {
            let value: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
            case UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: "\t"):
                guard digits > 0 else { throw HTTPParseError(description: "invalid chunk size line") }
                return size
            default:
                throw HTTPParseError(description: "invalid chunk size line")
            }
            digits += 1
            guard digits <= 15 else { throw HTTPParseError(description: "chunk size too large") }
            size = size * 16 + value
        }
        guard digits > 0 else { throw HTTPParseError(description: "empty chunk size line") }
        return size
    }

    private mutating func complete(_ emit: (ParsedResponse) -> Void) {
        let response = current
        reset()
        emit(response)
    }

    private mutating func reset() {
        state = .head
        line.removeAll(keepingCapacity: true)
        current = ParsedResponse(status: 0, wireBytes: 0, keepAlive: true)
    }
}
