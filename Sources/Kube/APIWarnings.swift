/// Reads RFC 7234 `Warning` headers as the API server sends them: `299 - "text"`, several per field allowed.
enum APIWarnings {
    static func texts(_ value: String) -> [String] {
        var results: [String] = []
        var bytes = Array(value.utf8)[...]
        while !bytes.isEmpty {
            // warn-code SP warn-agent SP quoted-text [SP warn-date]
            while let first = bytes.first, first == UInt8(ascii: " ") || first == UInt8(ascii: ",") {
                bytes.removeFirst()
            }
            guard let quote = bytes.firstIndex(of: UInt8(ascii: "\"")) else { break }
            bytes = bytes[bytes.index(after: quote)...]
            var text: [UInt8] = []
            var closed = false
            while let byte = bytes.popFirst() {
                if byte == UInt8(ascii: "\\"), let next = bytes.popFirst() {
                    text.append(next)
                } else if byte == UInt8(ascii: "\"") {
                    closed = true
                    break
                } else {
                    text.append(byte)
                }
            }
            guard closed else { break }
            results.append(String(decoding: text, as: UTF8.self))
            // Skip an optional quoted warn-date, then move past the separating comma.
            while let first = bytes.first, first == UInt8(ascii: " ") { bytes.removeFirst() }
            if bytes.first == UInt8(ascii: "\"") {
                bytes.removeFirst()
                while let byte = bytes.popFirst(), byte != UInt8(ascii: "\"") {}
            }
            guard let comma = bytes.firstIndex(of: UInt8(ascii: ",")) else { break }
            bytes = bytes[bytes.index(after: comma)...]
        }
        return results
    }
}
