/// Parses JSON text (RFC 8259) into a ``Value``, reporting line and column on failure.
///
/// Integers without fraction or exponent become `.int` (or `.uint` above `Int64.max`); everything else `.double`.
package struct JSONParser {
    /// Deepest nesting accepted, so hostile input cannot exhaust the stack.
    package static let maximumDepth = 512

    package static func parse(
        _ text: String,
        source: String = "<input>",
        allowNonFinite: Bool = false
    ) throws(KServeError) -> Value {
        try parse(Array(text.utf8), source: source, allowNonFinite: allowNonFinite)
    }

    /// - Parameter allowNonFinite: also accept `NaN`, `Infinity` and `-Infinity` as numbers, as Python's json
    ///   module writes them and Triton's and KServe's servers read them (tritonclient sends NaN this way).
    package static func parse(
        _ bytes: [UInt8],
        source: String = "<input>",
        allowNonFinite: Bool = false
    ) throws(KServeError) -> Value {
        try bytes.withUnsafeBufferPointer { buffer throws(KServeError) in
            try parse(buffer, source: source, allowNonFinite: allowNonFinite)
        }
    }

    /// The same over borrowed bytes, so that a request body is parsed where the server received it (no copy).
    package static func parse(
        _ buffer: UnsafeBufferPointer<UInt8>,
        source: String = "<input>",
        allowNonFinite: Bool = false
    ) throws(KServeError) -> Value {
        do throws(ParseFailure) {
            var parser = Cursor(bytes: buffer, source: source, allowNonFinite: allowNonFinite)
            parser.skipWhitespace()
            let value = try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            if parser.index < buffer.count {
                throw parser.failure("unexpected '\(parser.printable(buffer[parser.index]))' after the JSON value")
            }
            return value
        } catch {
            throw error.asError
        }
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        let source: String
        var index = 0

        let allowNonFinite: Bool

        init(bytes: UnsafeBufferPointer<UInt8>, source: String, allowNonFinite: Bool) {
            self.bytes = bytes
            self.source = source
            self.allowNonFinite = allowNonFinite
        }

        func location(at offset: Int) -> SourceLocation {
            var line = 1
            var column = 1
            var position = 0
            let end = min(offset, bytes.count)
            while position < end {
                if bytes[position] == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if bytes[position] & 0xC0 != 0x80 {
                    column += 1
                }
                position += 1
            }
            return SourceLocation(line: line, column: column)
        }

        func failure(_ problem: String, at offset: Int? = nil) -> ParseFailure {
            ParseFailure(source: source, location: location(at: offset ?? index), problem: problem)
        }

        func printable(_ byte: UInt8) -> String {
            byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
        }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func parseValue(depth: Int) throws(ParseFailure) -> Value {
            guard index < bytes.count else { throw failure("unexpected end of input, expected a value") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
            case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
            case UInt8(ascii: "n"): return try parseLiteral("null", .null)
            case UInt8(ascii: "N") where allowNonFinite: return try parseLiteral("NaN", .double(.nan))
            case UInt8(ascii: "I") where allowNonFinite: return try parseLiteral("Infinity", .double(.infinity))
            case UInt8(ascii: "-")
            where allowNonFinite && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "I"):
                index += 1
                return try parseLiteral("Infinity", .double(-.infinity))
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            case UInt8(ascii: "N"), UInt8(ascii: "I"):
                throw failure("NaN and Infinity are not valid JSON numbers")
            default: throw failure("unexpected '\(printable(bytes[index]))', expected a value")
            }
        }

        mutating func parseLiteral(_ word: StaticString, _ value: Value) throws(ParseFailure) -> Value {
            let length = word.utf8CodeUnitCount
            let start = index
            guard index + length <= bytes.count else { throw failure("invalid literal, expected '\(word)'") }
            let matches = word.withUTF8Buffer { expected in
                (0..<length).allSatisfy { bytes[start + $0] == expected[$0] }
            }
            guard matches else { throw failure("invalid literal, expected '\(word)'") }
            index += length
            return value
        }

        mutating func parseObject(depth: Int) throws(ParseFailure) -> Value {
            guard depth <= JSONParser.maximumDepth else { throw failure("nesting deeper than \(maximumDepth)") }
            index += 1
            var object = ValueObject()
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw failure("unexpected end of input inside an object") }
                guard bytes[index] == UInt8(ascii: "\"") else {
                    throw failure("expected a string key, found '\(printable(bytes[index]))'")
                }
                let keyStart = index
                let key = try parseString()
                if object[key] != nil { throw failure("duplicate key \"\(key)\"", at: keyStart) }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw failure("expected ':' after key \"\(key)\"")
                }
                index += 1
                skipWhitespace()
                object[key] = try parseValue(depth: depth)
                skipWhitespace()
                guard index < bytes.count else { throw failure("unexpected end of input inside an object") }
                switch bytes[index] {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"):
                    index += 1
                    return .object(object)
                default: throw failure("expected ',' or '}' in an object, found '\(printable(bytes[index]))'")
                }
            }
        }

        mutating func parseArray(depth: Int) throws(ParseFailure) -> Value {
            guard depth <= JSONParser.maximumDepth else { throw failure("nesting deeper than \(maximumDepth)") }
            index += 1
            var elements: [Value] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try parseValue(depth: depth))
                skipWhitespace()
                guard index < bytes.count else { throw failure("unexpected end of input inside an array") }
                switch bytes[index] {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"):
                    index += 1
                    return .array(elements)
                default: throw failure("expected ',' or ']' in an array, found '\(printable(bytes[index]))'")
                }
            }
        }

        mutating func parseNumber() throws(ParseFailure) -> Value {
            let start = index
            var isInteger = true
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number", at: start) }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, isDigit(bytes[index]) {
                    throw failure("numbers may not have leading zeros", at: start)
                }
            } else {
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                isInteger = false
                index += 1
                guard index < bytes.count, isDigit(bytes[index]) else {
                    throw failure("expected a digit after '.'", at: index)
                }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                isInteger = false
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard index < bytes.count, isDigit(bytes[index]) else {
                    throw failure("expected a digit in the exponent", at: index)
                }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if isInteger {
                if let value = Int64(text) { return .int(value) }
                if let value = UInt64(text) { return .uint(value) }
            }
            guard let value = Double(text) else { throw failure("invalid number '\(text)'", at: start) }
            return .double(value)
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        mutating func parseString() throws(ParseFailure) -> String {
            let start = index
            index += 1
            var scratch: [UInt8] = []
            var runStart = index
            while true {
                guard index < bytes.count else { throw failure("unterminated string", at: start) }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let tail = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                    index += 1
                    if scratch.isEmpty { return try validated(tail, start: start) }
                    scratch.append(contentsOf: tail)
                    return try scratch.withUnsafeBufferPointer { buffer throws(ParseFailure) in
                        try validated(buffer, start: start)
                    }
                }
                if byte < 0x20 { throw failure("control character in string; escape it") }
                if byte == UInt8(ascii: "\\") {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    index += 1
                    guard index < bytes.count else { throw failure("unterminated string", at: start) }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scratch.append(0x22)
                    case UInt8(ascii: "\\"): scratch.append(0x5C)
                    case UInt8(ascii: "/"): scratch.append(0x2F)
                    case UInt8(ascii: "b"): scratch.append(0x08)
                    case UInt8(ascii: "f"): scratch.append(0x0C)
                    case UInt8(ascii: "n"): scratch.append(0x0A)
                    case UInt8(ascii: "r"): scratch.append(0x0D)
                    case UInt8(ascii: "t"): scratch.append(0x09)
                    case UInt8(ascii: "u"): try appendUnicodeEscape(to: &scratch)
                    default: throw failure("invalid escape '\\\(printable(escape))'", at: index - 2)
                    }
                    runStart = index
                    continue
                }
                index += 1
            }
        }

        func validated(_ buffer: UnsafeBufferPointer<UInt8>, start: Int) throws(ParseFailure) -> String {
            guard let string = String(validating: buffer, as: UTF8.self) else {
                throw failure("string is not valid UTF-8", at: start)
            }
            return string
        }

        mutating func readHex4() throws(ParseFailure) -> UInt32 {
            guard index + 4 <= bytes.count else { throw failure("truncated \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw failure("invalid hex digit in \\u escape")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        mutating func appendUnicodeEscape(to scratch: inout [UInt8]) throws(ParseFailure) {
            var code = try readHex4()
            if code >= 0xD800 && code < 0xDC00 {
                guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                else { throw failure("unpaired surrogate in \\u escape") }
                index += 2
                let low = try readHex4()
                guard low >= 0xDC00 && low < 0xE000 else { throw failure("invalid low surrogate in \\u escape") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if code >= 0xDC00 && code < 0xE000 {
                throw failure("unpaired surrogate in \\u escape")
            }
            guard let scalar = Unicode.Scalar(code) else { throw failure("invalid code point in \\u escape") }
            scratch.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
    }
}
