/// Writes a ``Value`` as JSON text: compact (one line) or pretty (two-space indent), keys in stored order.
package struct JSONWriter {
    package enum Style: Sendable {
        case compact
        case pretty
    }

    package static func string(_ value: Value, style: Style = .compact) -> String {
        String(decoding: bytes(value, style: style), as: UTF8.self)
    }

    package static func bytes(_ value: Value, style: Style = .compact) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, style: style, indent: 0, into: &out)
        return out
    }

    /// Appends one value; non-finite doubles (which JSON cannot spell) become `null`.
    package static func write(_ value: Value, style: Style, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let bool): out.append(contentsOf: (bool ? "true" : "false").utf8)
        case .int(let int): out.append(contentsOf: String(int).utf8)
        case .uint(let uint): out.append(contentsOf: String(uint).utf8)
        case .double(let double): appendNumber(double, into: &out)
        case .string(let string): appendString(string, into: &out)
        case .array(let array):
            if array.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            // Arrays of scalars stay on one line even when pretty, so tensors do not print one number per line.
            let inline = style == .compact || array.allSatisfy(\.isScalar)
            out.append(UInt8(ascii: "["))
            for (position, element) in array.enumerated() {
                if position > 0 { out.append(contentsOf: inline && style == .pretty ? ", ".utf8 : ",".utf8) }
                if !inline { newline(indent + 1, into: &out) }
                write(element, style: style, indent: indent + 1, into: &out)
            }
            if !inline { newline(indent, into: &out) }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            for (position, entry) in object.entries.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                if style == .pretty { newline(indent + 1, into: &out) }
                appendString(entry.key, into: &out)
                out.append(contentsOf: style == .pretty ? ": ".utf8 : ":".utf8)
                write(entry.value, style: style, indent: indent + 1, into: &out)
            }
            if style == .pretty { newline(indent, into: &out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ indent: Int, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    /// Shortest text that reads back to the same double; integral values keep a ".0" so they stay floats.
    package static func appendNumber(_ double: Double, into out: inout [UInt8]) {
        guard double.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        var text = "\(double)"
        if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { text += ".0" }
        out.append(contentsOf: text.utf8)
    }

    package static func appendString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                out.append(contentsOf: "\\u00".utf8)
                if hex.count == 1 { out.append(UInt8(ascii: "0")) }
                out.append(contentsOf: hex.utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension Value {
    /// True for everything but arrays and objects.
    package var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}
