/// The element type of a ``Tensor``: the ONNX tensor types that the executor computes with.
///
/// The raw values are ONNX's `TensorProto.DataType` numbers.
package enum ElementType: Int, Sendable, CaseIterable, CustomStringConvertible {
    case float = 1
    case uint8 = 2
    case int8 = 3
    case uint16 = 4
    case int16 = 5
    case int32 = 6
    case int64 = 7
    case string = 8
    case bool = 9
    case float16 = 10
    case double = 11
    case uint32 = 12
    case uint64 = 13
    case bfloat16 = 16

    /// Bytes per element in a packed little-endian buffer; nil for strings.
    package var byteWidth: Int? {
        switch self {
        case .bool, .uint8, .int8: return 1
        case .uint16, .int16, .float16, .bfloat16: return 2
        case .int32, .uint32, .float: return 4
        case .int64, .uint64, .double: return 8
        case .string: return nil
        }
    }

    /// ONNX's spelling (`tensor(float)` says `float`).
    package var description: String {
        switch self {
        case .float: return "float"
        case .uint8: return "uint8"
        case .int8: return "int8"
        case .uint16: return "uint16"
        case .int16: return "int16"
        case .int32: return "int32"
        case .int64: return "int64"
        case .string: return "string"
        case .bool: return "bool"
        case .float16: return "float16"
        case .double: return "double"
        case .uint32: return "uint32"
        case .uint64: return "uint64"
        case .bfloat16: return "bfloat16"
        }
    }

    /// True for float, double, float16 and bfloat16.
    package var isFloatingPoint: Bool {
        switch self {
        case .float, .double, .float16, .bfloat16: return true
        default: return false
        }
    }
}
