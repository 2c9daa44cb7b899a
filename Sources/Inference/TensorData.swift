import Core

/// The elements of a tensor, flat in row-major order, in the storage its datatype implies.
///
/// FP16 and BF16 are kept as their 16-bit patterns so that binary data passes through unchanged.
package enum TensorData: Sendable, Equatable {
    case bool([Bool])
    case uint8([UInt8])
    case uint16([UInt16])
    case uint32([UInt32])
    case uint64([UInt64])
    case int8([Int8])
    case int16([Int16])
    case int32([Int32])
    case int64([Int64])
    /// IEEE binary16 bit patterns.
    case fp16([UInt16])
    /// bfloat16 bit patterns.
    case bf16([UInt16])
    case fp32([Float])
    case fp64([Double])
    case bytes([[UInt8]])

    package var count: Int {
        switch self {
        case .bool(let values): return values.count
        case .uint8(let values): return values.count
        case .uint16(let values): return values.count
        case .uint32(let values): return values.count
        case .uint64(let values): return values.count
        case .int8(let values): return values.count
        case .int16(let values): return values.count
        case .int32(let values): return values.count
        case .int64(let values): return values.count
        case .fp16(let values): return values.count
        case .bf16(let values): return values.count
        case .fp32(let values): return values.count
        case .fp64(let values): return values.count
        case .bytes(let values): return values.count
        }
    }

    package var dataType: DataType {
        switch self {
        case .bool: return .bool
        case .uint8: return .uint8
        case .uint16: return .uint16
        case .uint32: return .uint32
        case .uint64: return .uint64
        case .int8: return .int8
        case .int16: return .int16
        case .int32: return .int32
        case .int64: return .int64
        case .fp16: return .fp16
        case .bf16: return .bf16
        case .fp32: return .fp32
        case .fp64: return .fp64
        case .bytes: return .bytes
        }
    }

    /// No elements of the given type.
    package static func empty(_ type: DataType) -> TensorData {
        switch type {
        case .bool: return .bool([])
        case .uint8: return .uint8([])
        case .uint16: return .uint16([])
        case .uint32: return .uint32([])
        case .uint64: return .uint64([])
        case .int8: return .int8([])
        case .int16: return .int16([])
        case .int32: return .int32([])
        case .int64: return .int64([])
        case .fp16: return .fp16([])
        case .bf16: return .bf16([])
        case .fp32: return .fp32([])
        case .fp64: return .fp64([])
        case .bytes: return .bytes([])
        }
    }

    /// The elements as flat JSON values.
    ///
    /// Floating-point elements become their exact value as a `Double` (FP32 0.1 is 0.10000000149011612), which is
    /// what KServe's python server writes for the same tensor in JSON (numpy's `tolist()`), so a binary answer
    /// prints exactly like the JSON one; NaN and infinities become `.double` values that JSON writes as `null`, as
    /// orjson in KServe's python server does. BYTES become UTF-8 strings; an element that is not valid UTF-8 is decoded with
    /// U+FFFD replacements. KServe's python server refuses such a tensor in JSON ("please use binary_data=True"):
    /// check ``firstNonUTF8Index`` first, or send the tensor as binary, where nothing is lost.
    package func jsonValues() -> [Value] {
        switch self {
        case .bool(let values): return values.map { .bool($0) }
        case .uint8(let values): return values.map { .int(Int64($0)) }
        case .uint16(let values): return values.map { .int(Int64($0)) }
        case .uint32(let values): return values.map { .int(Int64($0)) }
        case .uint64(let values): return values.map { Int64(exactly: $0).map(Value.int) ?? .uint($0) }
        case .int8(let values): return values.map { .int(Int64($0)) }
        case .int16(let values): return values.map { .int(Int64($0)) }
        case .int32(let values): return values.map { .int(Int64($0)) }
        case .int64(let values): return values.map { .int($0) }
        case .fp16(let values): return values.map { .double(Double(HalfPrecision.float(fp16Bits: $0))) }
        case .bf16(let values): return values.map { .double(Double(HalfPrecision.float(bf16Bits: $0))) }
        case .fp32(let values): return values.map { .double(Double($0)) }
        case .fp64(let values): return values.map { .double($0) }
        case .bytes(let values): return values.map { .string(String(decoding: $0, as: UTF8.self)) }
        }
    }

    /// The index of the first BYTES element that is not valid UTF-8 (and so cannot travel as a JSON string).
    package var firstNonUTF8Index: Int? {
        guard case .bytes(let values) = self else { return nil }
        return values.firstIndex { String(validating: $0, as: UTF8.self) == nil }
    }
}
