/// Reads the paths ``SourceMap`` builds back into steps: `a.b[2]["x.y"]` is key a, key b, index 2, key x.y.
enum SourceMapPath {
    /// The steps of `path`; `""` has none; nil when the text is not a path.
    static func steps(_ path: String) -> [SourceMap.Step]? {
        let bytes = Array(path.utf8)
        var steps: [SourceMap.Step] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "[") {
                index += 1
                guard index < bytes.count else { return nil }
                let step: SourceMap.Step?
                if bytes[index] == UInt8(ascii: "\"") {
                    step = quotedKey(bytes, &index)
                } else {
                    step = position(bytes, &index)
                }
                guard let step else { return nil }
                steps.append(step)
                continue
            }
            if !steps.isEmpty || index > 0 {
                guard bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count else { return nil }
                index += 1
            }
            let first = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "."), bytes[index] != UInt8(ascii: "[") {
                index += 1
            }
            guard index > first else { return nil }
            steps.append(.key(String(decoding: bytes[first..<index], as: UTF8.self)))
        }
        return steps
    }

    /// `123]` after the `[`.
    private static func position(_ bytes: [UInt8], _ index: inout Int) -> SourceMap.Step? {
        var value = 0
        let first = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(Int(bytes[index] - UInt8(ascii: "0")))
            guard !overflowTimes, !overflowSum else { return nil }
            value = sum
            index += 1
        }
        guard index > first, index < bytes.count, bytes[index] == UInt8(ascii: "]") else { return nil }
        index += 1
        return .index(value)
    }

    /// `"key"]` after the `[`, with the escapes ``SourceMap/path(_:key:)`` writes.
    private static func quotedKey(_ bytes: [UInt8], _ index: inout Int) -> SourceMap.Step? {
        index += 1
        var key: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard index < bytes.count, bytes[index] == UInt8(ascii: "]") else { return nil }
                index += 1
                return .key(String(decoding: key, as: UTF8.self))
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): key.append(escaped)
                case UInt8(ascii: "n"): key.append(0x0A)
                case UInt8(ascii: "t"): key.append(0x09)
                case UInt8(ascii: "r"): key.append(0x0D)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                        let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                        let scalar = Unicode.Scalar(code)
                    else { return nil }
                    index += 4
                    key += Array(String(Character(scalar)).utf8)
                default: return nil
                }
            default:
                key.append(byte)
            }
        }
        return nil
    }
}
