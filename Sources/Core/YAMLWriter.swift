/// Writes ``Value`` trees as YAML on libyaml's emitter: block style, 2-space indent, keys in stored order.
///
/// The output reads back through ``YAMLParser`` as the same value: strings that would resolve to something else
/// (`"yes"`, `"1.0"`, `"null"`, `""`, `"0x1F"`) are double-quoted, and so are strings other YAML readers would take
/// for numbers or timestamps (`"09"`, `"inf"`, `"2024-05-01"`). Multi-line strings use literal block style (`|`).
/// Doubles always read back as doubles (`1.0`, `1e+20`, `.inf`, `-.inf`, `.nan`).
package enum YAMLWriter {
    /// One document, with no `---` in front.
    package static func string(_ value: Value) -> String {
        documents([value])
    }

    /// Documents separated by `---` lines; no documents give an empty string.
    package static func documents(_ values: [Value]) -> String {
        guard !values.isEmpty else { return "" }
        let emitter = YAMLEmitter()
        emitter.streamStart()
        for (index, value) in values.enumerated() {
            emitter.documentStart(implicit: index == 0)
            write(value, to: emitter)
            emitter.documentEnd()
        }
        emitter.streamEnd()
        guard !emitter.failed else {
            // Only an out-of-memory failure gets here; JSON is YAML too, so still write something readable.
            return values.map { JSONWriter.string($0, style: .pretty) + "\n" }.joined(separator: "---\n")
        }
        return String(decoding: emitter.output, as: UTF8.self)
    }

    private static func write(_ value: Value, to emitter: YAMLEmitter) {
        switch value {
        case .null: emitter.scalar("null", style: .plain)
        case .bool(let bool): emitter.scalar(bool ? "true" : "false", style: .plain)
        case .int(let int): emitter.scalar(String(int), style: .plain)
        case .uint(let uint): emitter.scalar(String(uint), style: .plain)
        case .double(let double): emitter.scalar(text(of: double), style: .plain)
        case .string(let string): emitter.scalar(string, style: style(of: string, isKey: false))
        case .array(let items):
            emitter.sequenceStart()
            for item in items { write(item, to: emitter) }
            emitter.sequenceEnd()
        case .object(let object):
            emitter.mappingStart()
            for (key, item) in object {
                emitter.scalar(key, style: style(of: key, isKey: true))
                write(item, to: emitter)
            }
            emitter.mappingEnd()
        }
    }

    /// Swift prints the shortest text that reads back to the same double, always with a `.` or an exponent.
    static func text(of double: Double) -> String {
        if double.isNaN { return ".nan" }
        if double.isInfinite { return double < 0 ? "-.inf" : ".inf" }
        return double.description
    }

    static func style(of string: String, isKey: Bool) -> YAMLEmitter.ScalarStyle {
        // A reader turns a raw CR, NEL or LS/PS into a newline, so those must be escaped in double quotes.
        let hasSpecialBreak = string.unicodeScalars.contains {
            $0 == "\r" || $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}"
        }
        if hasSpecialBreak { return .doubleQuoted }
        if string.utf8.contains(UInt8(ascii: "\n")) { return isKey ? .doubleQuoted : .literal }
        return needsQuotes(string) ? .doubleQuoted : .plain
    }

    /// True when a plain scalar with this text would not read back as this string, here or in other YAML readers.
    static func needsQuotes(_ string: String) -> Bool {
        if case .string(let text) = YAMLScalarResolver.resolve(string), text == string {
            return string == "<<" || Double(string) != nil || looksLikeTimestamp(string)
        }
        return true
    }

    /// YAML 1.1 timestamps start with a four-digit year and a dash (`2024-05-01`, `2024-05-01T10:00:00Z`).
    private static func looksLikeTimestamp(_ string: String) -> Bool {
        let bytes = Array(string.utf8.prefix(5))
        guard bytes.count == 5, bytes[4] == UInt8(ascii: "-") else { return false }
        return bytes[0..<4].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
