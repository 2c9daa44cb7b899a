import Core

extension TensorData {
    /// Reads a tensor's JSON `data` for `datatype` and `shape`.
    ///
    /// `data` is row-major, either flat or nested exactly as `shape` (every level's length must equal its
    /// dimension). Rules, each broken one an `.invalidInput` error that starts with `context` (`input "x"`):
    /// - integers must be whole and fit the type (`2.0` reads as 2 for INT32; `1.5`, `300` for UINT8, `-1` for UINT*
    ///   do not);
    /// - floating-point types take any JSON number; `null` reads as NaN, because JSON cannot spell NaN and orjson,
    ///   which KServe's python server uses, writes NaN and infinities as `null`; a finite number beyond the type's
    ///   range is an error rather than an infinity. FP16 and BF16 round to nearest even from the JSON number;
    /// - BOOL takes `true`/`false` and also `0`/`1` (KServe's python server converts with numpy, which accepts both);
    /// - BYTES takes strings, stored as their UTF-8 bytes.
    package init(json data: Value, datatype: DataType, shape: [Int64], context: String) throws(KServeError) {
        try self.init(json: data, datatype: datatype, shape: shape, context: JSONContext(context))
    }

    package init(json data: Value, datatype: DataType, shape: [Int64], context: JSONContext) throws(KServeError) {
        let count = try TensorShape.elementCount(shape, context: context)
        guard case .array(let top) = data else {
            throw KServeError(.invalidInput, "\(context): data is \(data.kindDescription), expected an array")
        }
        let reader = JSONElementReader(datatype: datatype, shape: shape, context: context)
        let isNested = top.contains { if case .array = $0 { true } else { false } }
        var leaves: [Value]
        if isNested {
            if shape.isEmpty, let index = top.firstIndex(where: { $0.arrayValue != nil }) {
                throw reader.failure("data[\(index)] is an array but shape [] is a scalar")
            }
            leaves = []
            leaves.reserveCapacity(count)
            try reader.collect(top, level: 0, path: { "data" }, into: &leaves)
        } else {
            guard top.count == count else {
                throw reader.failure(TensorShape.countMismatch(top.count, shape: shape, needed: count))
            }
            leaves = top
        }
        self = try reader.convert(leaves, flat: !isNested)
    }
}

/// Walks nested JSON data and converts its leaves to one datatype, naming the element at fault in every error.
private struct JSONElementReader {
    let datatype: DataType
    let shape: [Int64]
    let context: JSONContext

    func failure(_ problem: String) -> KServeError { KServeError(.invalidInput, "\(context): \(problem)") }

    private var shapeText: String { TensorShape.describe(shape) }

    /// `path` writes the array's place (`data[0][2]`) for an error; it is called for nothing else.
    func collect(
        _ array: [Value],
        level: Int,
        path: () -> String,
        into leaves: inout [Value]
    ) throws(KServeError) {
        guard level < shape.count else {
            throw failure(
                "\(path()) is an array but shape \(shapeText) has only \(TensorShape.counted(shape.count, "dimension"))"
            )
        }
        let dimension = shape[level]
        guard Int64(array.count) == dimension else {
            throw failure(
                "\(path()) has \(TensorShape.counted(array.count, "element")) but dimension \(level) of shape "
                    + "\(shapeText) is \(dimension)"
            )
        }
        let isLast = level == shape.count - 1
        for (index, element) in array.enumerated() {
            func elementPath() -> String { "\(path())[\(index)]" }
            switch element {
            case .array(let inner):
                guard !isLast else {
                    throw failure(
                        "\(elementPath()) is an array but shape \(shapeText) has only "
                            + TensorShape.counted(shape.count, "dimension")
                    )
                }
                try collect(inner, level: level + 1, path: elementPath, into: &leaves)
            default:
                guard isLast else {
                    throw failure(
                        "ragged data: \(elementPath()) is \(element.kindDescription) but dimension \(level + 1) of "
                            + "shape \(shapeText) needs an array of \(shape[level + 1])"
                    )
                }
                leaves.append(element)
            }
        }
    }

    func convert(_ leaves: [Value], flat: Bool) throws(KServeError) -> TensorData {
        let path = { (index: Int) in TensorShape.elementPath(index, shape: shape, flat: flat) }
        switch datatype {
        case .bool: return .bool(try booleans(leaves, path))
        case .uint8: return .uint8(try integers(leaves, path))
        case .uint16: return .uint16(try integers(leaves, path))
        case .uint32: return .uint32(try integers(leaves, path))
        case .uint64: return .uint64(try integers(leaves, path))
        case .int8: return .int8(try integers(leaves, path))
        case .int16: return .int16(try integers(leaves, path))
        case .int32: return .int32(try integers(leaves, path))
        case .int64: return .int64(try integers(leaves, path))
        case .fp64: return .fp64(try numbers(leaves, path, largest: .greatestFiniteMagnitude) { $0 })
        case .fp32:
            let largest = Double(Float.greatestFiniteMagnitude)
            return .fp32(
                try numbers(leaves, path, largest: largest) { number in
                    let value = Float(number)
                    return Self.finite(value, value.isFinite || !number.isFinite)
                }
            )
        case .fp16:
            return .fp16(
                try numbers(leaves, path, largest: 65504) { number in
                    let bits = HalfPrecision.fp16Bits(number)
                    return Self.finite(bits, bits & 0x7FFF != 0x7C00 || number.isInfinite)
                }
            )
        case .bf16:
            let largest = Double(HalfPrecision.float(bf16Bits: 0x7F7F))
            return .bf16(
                try numbers(leaves, path, largest: largest) { number in
                    let bits = HalfPrecision.bf16Bits(number)
                    return Self.finite(bits, bits & 0x7FFF != 0x7F80 || number.isInfinite)
                }
            )
        case .bytes: return .bytes(try strings(leaves, path))
        }
    }

    private func shown(_ value: Value) -> String {
        switch value {
        case .int(let number): return String(number)
        case .uint(let number): return String(number)
        case .double(let number): return "\(number)"
        case .bool(let flag): return String(flag)
        case .string(let text) where text.utf8.count <= 40: return "the string \"\(text)\""
        default: return value.kindDescription
        }
    }

    private func booleans(_ leaves: [Value], _ path: (Int) -> String) throws(KServeError) -> [Bool] {
        var result: [Bool] = []
        result.reserveCapacity(leaves.count)
        for (index, leaf) in leaves.enumerated() {
            switch leaf {
            case .bool(let flag): result.append(flag)
            case .int(0): result.append(false)
            case .int(1): result.append(true)
            default: throw failure("\(path(index)) is \(shown(leaf)), but BOOL needs true or false (or 0 or 1)")
            }
        }
        return result
    }

    private func integers<T: FixedWidthInteger>(
        _ leaves: [Value],
        _ path: (Int) -> String
    ) throws(KServeError) -> [T] {
        var result: [T] = []
        result.reserveCapacity(leaves.count)
        for (index, leaf) in leaves.enumerated() {
            let converted: T?
            switch leaf {
            case .int(let number): converted = T(exactly: number)
            case .uint(let number): converted = T(exactly: number)
            case .double(let number):
                guard number.isFinite, number.rounded(.towardZero) == number else {
                    throw failure("\(path(index)) is \(shown(leaf)), but \(datatype.rawValue) needs an integer")
                }
                converted = T(exactly: number)
            default:
                throw failure("\(path(index)) is \(shown(leaf)), but \(datatype.rawValue) needs an integer")
            }
            guard let converted else {
                throw failure(
                    "\(path(index)) is \(shown(leaf)), out of range for \(datatype.rawValue) (\(T.min)...\(T.max))"
                )
            }
            result.append(converted)
        }
        return result
    }

    /// `value`, or nil when narrowing turned a finite number into an infinity.
    private static func finite<T>(_ value: T, _ isFaithful: Bool) -> T? { isFaithful ? value : nil }

    private func numbers<T>(
        _ leaves: [Value],
        _ path: (Int) -> String,
        largest: Double,
        _ narrow: (Double) -> T?
    ) throws(KServeError) -> [T] {
        var result: [T] = []
        result.reserveCapacity(leaves.count)
        // Integers above 2^53 go through round-to-odd so the narrowing below rounds once, as from the integer.
        let isNarrow = datatype != .fp64
        for (index, leaf) in leaves.enumerated() {
            let number: Double
            switch leaf {
            case .double(let value): number = value
            case .int(let value): number = isNarrow ? RoundToOdd.double(value) : Double(value)
            case .uint(let value): number = isNarrow ? RoundToOdd.double(value) : Double(value)
            case .null: number = .nan
            default: throw failure("\(path(index)) is \(shown(leaf)), but \(datatype.rawValue) needs a number")
            }
            guard let narrowed = narrow(number) else {
                throw failure(
                    "\(path(index)) is \(shown(leaf)), out of range for \(datatype.rawValue) "
                        + "(largest finite \(largest))"
                )
            }
            result.append(narrowed)
        }
        return result
    }

    private func strings(_ leaves: [Value], _ path: (Int) -> String) throws(KServeError) -> [[UInt8]] {
        var result: [[UInt8]] = []
        result.reserveCapacity(leaves.count)
        for (index, leaf) in leaves.enumerated() {
            guard case .string(let text) = leaf else {
                throw failure("\(path(index)) is \(shown(leaf)), but BYTES needs a string")
            }
            result.append(Array(text.utf8))
        }
        return result
    }
}

/// Integer to `Double` rounding to odd: exact below 2^53, and above it keeps a sticky low bit, so a later rounding
/// to a narrower format (FP16, BF16, FP32) gives the same result as rounding the integer directly.
enum RoundToOdd {
    static func double(_ value: Int64) -> Double {
        let magnitude = double(value.magnitude)
        return value < 0 ? -magnitude : magnitude
    }

    static func double(_ value: UInt64) -> Double {
        guard value >= 1 << 53 else { return Double(value) }
        let shift = (64 - value.leadingZeroBitCount) - 53
        var kept = value >> UInt64(shift)
        if value & ((1 << UInt64(shift)) - 1) != 0 { kept |= 1 }
        return Double(sign: .plus, exponent: shift, significand: Double(kept))
    }
}
