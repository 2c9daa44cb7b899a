/// What the load engine reads from a response head: the status and how the body is framed.
struct HeadFields: Equatable {
    var status: Int
    var contentLength: Int?
    var chunked: Bool
    var keepAlive: Bool

    /// Parses `HTTP/1.x SSS reason` and the header lines of a complete head (ending in a blank line).
    static func parse(_ head: [UInt8]) throws(HTTPParseError) -> HeadFields {
        var lines = head.split(separator: 10, omittingEmptySubsequences: false).map { line -> ArraySlice<UInt8> in
            line.last == 13 ? line.dropLast() : line
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let statusLine = lines.first else { throw HTTPParseError(description: "empty response head") }
        var fields = try parseStatusLine(statusLine)
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                throw HTTPParseError(description: "header line without a colon")
            }
            let name = line[line.startIndex..<colon]
            let value = trim(line[(colon + 1)...])
            if equalsIgnoringCase(name, "content-length") {
                guard let length = decimal(value) else {
                    throw HTTPParseError(
                        description: "invalid Content-Length '\(String(decoding: value, as: UTF8.self))'"
                    )
                }
                if let previous = fields.contentLength, previous != length {
                    throw HTTPParseError(description: "conflicting Content-Length headers")
                }
                fields.contentLength = length
            } else if equalsIgnoringCase(name, "transfer-encoding") {
                // The final coding decides: "gzip, chunked" is chunked.
                let last = value.split(separator: UInt8(ascii: ",")).last.map { trim($0) } ?? value
                fields.chunked = equalsIgnoringCase(last, "chunked")
            } else if equalsIgnoringCase(name, "connection") {
                for token in value.split(separator: UInt8(ascii: ",")) {
                    let token = trim(token)
                    if equalsIgnoringCase(token, "close") { fields.keepAlive = false }
                    if equalsIgnoringCase(token, "keep-alive") { fields.keepAlive = true }
                }
            }
        }
        if fields.chunked { fields.contentLength = nil }
        return fields
    }

    private static func parseStatusLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> HeadFields {
        let text = String(decoding: line.prefix(64), as: UTF8.self)
        let prefix = Array("HTTP/1.".utf8)
        guard line.count >= 12, line.prefix(prefix.count).elementsEqual(prefix) else {
            throw HTTPParseError(description: "not an HTTP/1.x status line: '\(text)'")
        }
        let minor = line[line.startIndex + 7]
        let codeStart = line.startIndex + 9
        guard line[line.startIndex + 8] == UInt8(ascii: " "),
            let status = decimal(line[codeStart..<(codeStart + 3)]), (100...999).contains(status)
        else {
            throw HTTPParseError(description: "invalid status line '\(text)'")
        }
        // HTTP/1.0 closes unless told otherwise; HTTP/1.1 keeps the connection open unless told otherwise.
        return HeadFields(status: status, contentLength: nil, chunked: false, keepAlive: minor != UInt8(ascii: "0"))
    }

    private static func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 32 || first == 9 { slice.removeFirst() }
        while let last = slice.last, last == 32 || last == 9 { slice.removeLast() }
        return slice
    }

    private static func decimal(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// ASCII case-insensitive comparison with a lower-case literal.
    private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lower: StaticString) -> Bool {
        guard bytes.count == lower.utf8CodeUnitCount else { return false }
        return lower.withUTF8Buffer { expected in
            var index = 0
            for byte in bytes {
                let folded = (byte >= 65 && byte <= 90) ? byte | 0x20 : byte
                if folded != expected[index] { return false }
                index += 1
            }
            return true
        }
    }
}
