/// YAML 1.1 resolution of plain (unquoted, untagged) scalars, shared by the parser and by the writer's quoting.
///
/// Choices where YAML 1.1 is vague or where Kubernetes tools differ from it:
/// - Exponents without a dot (`1e3`) and a sign-less exponent (`1.5e3`) are floats, as in YAML 1.2 and go-yaml.
/// - `0o17` (YAML 1.2) is octal besides 1.1's `017`.
/// - Base-60 numbers (`1:30`) and timestamps stay strings, as go-yaml (used by kubectl) reads them.
/// - A decimal integer beyond `UInt64.max` becomes `.double`; a hex, octal or binary one that overflows is a string.
enum YAMLScalarResolver {
    static func resolve(_ text: String) -> Value {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            if isNull(text) { return .null }
            if let bool = bool(text) { return .bool(bool) }
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"),
            UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            if let bool = bool(text) { return .bool(bool) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            if let integer = integer(text) { return integer }
            if let double = float(text) { return .double(double) }
        default:
            break
        }
        return .string(text)
    }

    static func isNull(_ text: String) -> Bool {
        switch text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return true
        case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return false
        default: return nil
        }
    }

    /// `.int`, `.uint` above `Int64.max`, `.double` for a decimal too large for 64 bits, or nil when not an integer.
    static func integer(_ text: String) -> Value? {
        var digits = Substring(text).utf8
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard let first = digits.first else { return nil }
        let radix: UInt64
        if first == UInt8(ascii: "0"), digits.count > 1 {
            let marker = digits[digits.index(after: digits.startIndex)]
            switch marker {
            case UInt8(ascii: "x"):
                radix = 16
                digits = digits.dropFirst(2)
            case UInt8(ascii: "o"):
                radix = 8
                digits = digits.dropFirst(2)
            case UInt8(ascii: "b"):
                radix = 2
                digits = digits.dropFirst(2)
            default:
                radix = 8  // YAML 1.1: a leading zero means octal
            }
        } else {
            radix = 10
        }
        var magnitude: UInt64 = 0
        var sawDigit = false
        var overflow = false
        for byte in digits {
            if byte == UInt8(ascii: "_") { continue }
            guard let digit = digitValue(byte), digit < radix else { return nil }
            sawDigit = true
            let (shifted, overflowMultiply) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, overflowAdd) = shifted.addingReportingOverflow(digit)
            overflow = overflow || overflowMultiply || overflowAdd
            magnitude = sum
        }
        guard sawDigit else { return nil }
        if overflow {
            guard radix == 10 else { return nil }
            let plain = String(decoding: digits.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
            return Double(plain).map { .double(negative ? -$0 : $0) }
        }
        if negative {
            if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
            if magnitude == UInt64(Int64.max) + 1 { return .int(Int64.min) }
            return .double(-Double(magnitude))
        }
        if magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
        return .uint(magnitude)
    }

    /// A float in YAML 1.1 syntax (`1.5`, `-1.`, `.5`, `1e3`, `1_000.5`, `.inf`, `-.Inf`, `.nan`), or nil.
    static func float(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(text.utf8.count + 2)
        var bytes = Substring(text).utf8
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            cleaned.append(sign)
            bytes = bytes.dropFirst()
        }
        var mantissaDigits = 0
        var sawDot = false
        var sawExponent = false
        while let byte = bytes.first {
            if isDecimalDigit(byte) {
                mantissaDigits += 1
                cleaned.append(byte)
            } else if byte == UInt8(ascii: "_") {
                // YAML 1.1 allows separators, but not before the first digit.
                guard mantissaDigits > 0 || sawDot else { return nil }
            } else if byte == UInt8(ascii: ".") {
                guard !sawDot else { return nil }
                sawDot = true
                if mantissaDigits == 0 { cleaned.append(UInt8(ascii: "0")) }
                cleaned.append(byte)
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                sawExponent = true
                bytes = bytes.dropFirst()
                break
            } else {
                return nil
            }
            bytes = bytes.dropFirst()
        }
        guard mantissaDigits > 0, sawDot || sawExponent else { return nil }
        if cleaned.last == UInt8(ascii: ".") { cleaned.append(UInt8(ascii: "0")) }
        if sawExponent {
            cleaned.append(UInt8(ascii: "e"))
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                cleaned.append(sign)
                bytes = bytes.dropFirst()
            }
            guard !bytes.isEmpty, bytes.allSatisfy(isDecimalDigit) else { return nil }
            cleaned.append(contentsOf: bytes)
        }
        return Double(String(decoding: cleaned, as: UTF8.self))
    }

    private static func isDecimalDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func digitValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt64(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt64(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
