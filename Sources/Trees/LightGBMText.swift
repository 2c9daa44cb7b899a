import Core

/// A byte range of the model text (a line, a value, a token) with the 1-based line it is on.
struct LightGBMSpan {
    var start: Int
    var end: Int
    var line: Int

    var isEmpty: Bool { start >= end }
}

/// Byte-level reading of a LightGBM text model: lines, `key=value` pairs, space-separated numbers.
///
/// Works on a buffer the caller keeps alive; never copies the text except for the few tokens that need a
/// correctly rounded decimal conversion.
struct LightGBMText {
    let bytes: UnsafeBufferPointer<UInt8>
    let source: String
    private(set) var position = 0
    private(set) var lineNumber = 0

    init(bytes: UnsafeBufferPointer<UInt8>, source: String) {
        self.bytes = bytes
        self.source = source
    }

    var atEnd: Bool { position >= bytes.count }

    /// The next line without its terminator (`\n` or `\r\n`), or nil at the end of the text.
    mutating func nextLine() -> LightGBMSpan? {
        guard let base = bytes.baseAddress, position < bytes.count else { return nil }
        let start = position
        var end = bytes.count
        if let found = memchr(base + start, 10, bytes.count - start) {
            end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            position = end + 1
        } else {
            position = end
        }
        lineNumber += 1
        if end > start && bytes[end - 1] == 13 { end -= 1 }
        return LightGBMSpan(start: start, end: end, line: lineNumber)
    }

    /// Returns to the start of `line` so that `nextLine` reads it again.
    mutating func unread(_ line: LightGBMSpan) {
        position = line.start
        lineNumber = line.line - 1
    }

    func string(_ span: LightGBMSpan) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]), as: UTF8.self)
    }

    /// Whether the span's bytes are exactly `text`.
    func equals(_ span: LightGBMSpan, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard span.end - span.start == count, let base = bytes.baseAddress else { return false }
        return memcmp(base + span.start, text.utf8Start, count) == 0
    }

    func hasPrefix(_ span: LightGBMSpan, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard span.end - span.start >= count, let base = bytes.baseAddress else { return false }
        return memcmp(base + span.start, text.utf8Start, count) == 0
    }

    /// Splits a `key=value` line at its first `=`; a line without one is all key and an empty value.
    func keyValue(_ line: LightGBMSpan) -> (key: LightGBMSpan, value: LightGBMSpan) {
        var index = line.start
        while index < line.end && bytes[index] != 61 { index += 1 }
        let key = LightGBMSpan(start: line.start, end: index, line: line.line)
        let valueStart = index < line.end ? index + 1 : line.end
        return (key, LightGBMSpan(start: valueStart, end: line.end, line: line.line))
    }

    /// Calls `body` with each token of `span`, tokens being separated by runs of spaces or tabs.
    func forEachToken(
        in span: LightGBMSpan,
        _ body: (LightGBMSpan) throws(KServeError) -> Void
    ) throws(KServeError) {
        var index = span.start
        while index < span.end {
            while index < span.end && (bytes[index] == 32 || bytes[index] == 9) { index += 1 }
            guard index < span.end else { break }
            let start = index
            while index < span.end && bytes[index] != 32 && bytes[index] != 9 { index += 1 }
            try body(LightGBMSpan(start: start, end: index, line: span.line))
        }
    }

    /// A decimal integer token (optional sign) that fits in `Int32`.
    func int32(_ token: LightGBMSpan) -> Int32? {
        var index = token.start
        var negative = false
        if index < token.end && (bytes[index] == 45 || bytes[index] == 43) {
            negative = bytes[index] == 45
            index += 1
        }
        guard index < token.end else { return nil }
        var value: Int64 = 0
        while index < token.end {
            let digit = Int64(bytes[index]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
            guard value <= Int64(Int32.max) + 1 else { return nil }
            index += 1
        }
        let signed = negative ? -value : value
        guard signed >= Int64(Int32.min) && signed <= Int64(Int32.max) else { return nil }
        return Int32(signed)
    }

    /// A decimal unsigned integer token that fits in `UInt32` (categorical bitset words).
    func uint32(_ token: LightGBMSpan) -> UInt32? {
        guard token.end > token.start else { return nil }
        var value: UInt64 = 0
        for index in token.start..<token.end {
            let digit = UInt64(bytes[index]) &- 48
            guard digit <= 9 else { return nil }
            value = value * 10 + digit
            guard value <= UInt64(UInt32.max) else { return nil }
        }
        return UInt32(value)
    }

    /// A floating-point token, correctly rounded (as LightGBM's own parser reads thresholds and leaf values).
    func double(_ token: LightGBMSpan) -> Double? {
        let length = token.end - token.start
        guard length > 0 else { return nil }
        // Short plain integers ("0", "-3", "1") are exact without a decimal conversion.
        if length <= 10, let integer = int32(token) {
            return integer == 0 && bytes[token.start] == 45 ? -0.0 : Double(integer)
        }
        return Double(string(token))
    }

    // MARK: - Errors

    /// An `.invalidInput` error naming the file, the line and what is wrong there.
    func error(_ line: Int?, _ message: String) -> KServeError {
        if let line { return KServeError(.invalidInput, "\(source):\(line): \(message)") }
        return KServeError(.invalidInput, "\(source): \(message)")
    }
}
