import Core

/// A tensor element type of the Open Inference Protocol, spelled as on the wire (`"FP32"`).
package enum DataType: String, Sendable, CaseIterable {
    case bool = "BOOL"
    case uint8 = "UINT8"
    case uint16 = "UINT16"
    case uint32 = "UINT32"
    case uint64 = "UINT64"
    case int8 = "INT8"
    case int16 = "INT16"
    case int32 = "INT32"
    case int64 = "INT64"
    case fp16 = "FP16"
    case fp32 = "FP32"
    case fp64 = "FP64"
    case bf16 = "BF16"
    case bytes = "BYTES"

    /// Bytes per element in the binary layout; nil for BYTES, whose elements carry their own length.
    package var elementSize: Int? {
        switch self {
        case .bool, .uint8, .int8: return 1
        case .uint16, .int16, .fp16, .bf16: return 2
        case .uint32, .int32, .fp32: return 4
        case .uint64, .int64, .fp64: return 8
        case .bytes: return nil
        }
    }

    /// Reads a wire name. Case is ignored, as KServe's python server upper-cases what it receives.
    package init(wireName: String) throws(KServeError) {
        if let known = DataType(rawValue: wireName) ?? DataType(rawValue: wireName.uppercased()) {
            self = known
            return
        }
        let names = DataType.allCases.map(\.rawValue).joined(separator: ", ")
        throw KServeError(.invalidInput, "unknown datatype '\(wireName)' (expected one of \(names))")
    }

    /// True for FP16, FP32, FP64 and BF16.
    package var isFloatingPoint: Bool {
        switch self {
        case .fp16, .fp32, .fp64, .bf16: return true
        default: return false
        }
    }
}
