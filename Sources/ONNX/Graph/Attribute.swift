import Compute

/// A node attribute's value, as the model file gives it.
package enum Attribute: Sendable, Equatable {
    case float(Float)
    case int(Int64)
    case string([UInt8])
    case tensor(Tensor)
    case floats([Float])
    case ints([Int64])
    case strings([[UInt8]])
    case tensors([Tensor])
    /// A subgraph (If, Loop, Scan): kept by name only; no operator on the list runs one.
    case graph(String)

    /// ONNX's name for the attribute's type, for messages.
    package var typeName: String {
        switch self {
        case .float: return "FLOAT"
        case .int: return "INT"
        case .string: return "STRING"
        case .tensor: return "TENSOR"
        case .floats: return "FLOATS"
        case .ints: return "INTS"
        case .strings: return "STRINGS"
        case .tensors: return "TENSORS"
        case .graph: return "GRAPH"
        }
    }
}
