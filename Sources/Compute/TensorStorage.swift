/// The elements of a ``Tensor``, flat in row-major order, in the Swift type of its element type.
///
/// float16 and bfloat16 are kept as their 16-bit patterns; operators that compute with them widen to `Float`.
package enum TensorStorage: Sendable, Equatable {
    case float([Float])
    case double([Double])
    case float16([UInt16])
    case bfloat16([UInt16])
    case int8([Int8])
    case int16([Int16])
    case int32([Int32])
    case int64([Int64])
    case uint8([UInt8])
    case uint16([UInt16])
    case uint32([UInt32])
    case uint64([UInt64])
    case bool([Bool])
    case string([[UInt8]])

    package var elementType: ElementType {
        switch self {
        case .float: return .float
        case .double: return .double
        case .float16: return .float16
        case .bfloat16: return .bfloat16
        case .int8: return .int8
        case .int16: return .int16
        case .int32: return .int32
        case .int64: return .int64
        case .uint8: return .uint8
        case .uint16: return .uint16
        case .uint32: return .uint32
        case .uint64: return .uint64
        case .bool: return .bool
        case .string: return .string
        }
    }

    package var count: Int {
        switch self {
        case .float(let values): return values.count
        case .double(let values): return values.count
        case .float16(let values): return values.count
        case .bfloat16(let values): return values.count
        case .int8(let values): return values.count
        case .int16(let values): return values.count
        case .int32(let values): return values.count
        case .int64(let values): return values.count
        case .uint8(let values): return values.count
        case .uint16(let values): return values.count
        case .uint32(let values): return values.count
        case .uint64(let values): return values.count
        case .bool(let values): return values.count
        case .string(let values): return values.count
        }
    }

    /// `count` zero elements (empty strings, false) of `type`.
    package static func zeros(_ type: ElementType, count: Int) -> TensorStorage {
        switch type {
        case .float: return .float([Float](repeating: 0, count: count))
        case .double: return .double([Double](repeating: 0, count: count))
        case .float16: return .float16([UInt16](repeating: 0, count: count))
        case .bfloat16: return .bfloat16([UInt16](repeating: 0, count: count))
        case .int8: return .int8([Int8](repeating: 0, count: count))
        case .int16: return .int16([Int16](repeating: 0, count: count))
        case .int32: return .int32([Int32](repeating: 0, count: count))
        case .int64: return .int64([Int64](repeating: 0, count: count))
        case .uint8: return .uint8([UInt8](repeating: 0, count: count))
        case .uint16: return .uint16([UInt16](repeating: 0, count: count))
        case .uint32: return .uint32([UInt32](repeating: 0, count: count))
        case .uint64: return .uint64([UInt64](repeating: 0, count: count))
        case .bool: return .bool([Bool](repeating: false, count: count))
        case .string: return .string([[UInt8]](repeating: [], count: count))
        }
    }

    /// Approximate bytes held (strings count their bytes plus a small overhead each).
    package var byteCount: Int {
        if case .string(let values) = self { return values.reduce(0) { $0 + $1.count + 16 } }
        return count * (elementType.byteWidth ?? 1)
    }
}
