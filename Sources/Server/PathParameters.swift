import Hummingbird

/// Route parameters, percent-decoded (clients such as tritonclient quote model names in paths).
enum PathParameters {
    static func model(_ context: some RequestContext) throws(APIError) -> String {
        try decoded(context, "model")
    }

    /// The version a path names, or nil for a path without `/versions/V`.
    static func version(_ context: some RequestContext) throws(APIError) -> String? {
        guard context.parameters.get("version") != nil else { return nil }
        return try decoded(context, "version")
    }

    private static func decoded(_ context: some RequestContext, _ key: String) throws(APIError) -> String {
        guard let raw = context.parameters.get(key) else {
            throw APIError(.badRequest, "the path has no \(key) name")
        }
        guard let text = percentDecoded(raw) else {
            throw APIError(.badRequest, "\(key) name \"\(raw)\" in the path is not valid percent-encoded UTF-8")
        }
        return text
    }

    /// `%XX` escapes replaced by their bytes; nil for a malformed escape or bytes that are not UTF-8.
    static func percentDecoded(_ text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
