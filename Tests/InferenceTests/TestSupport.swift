import Core
import Inference

/// The error `body` throws, or nil when it returns normally.
func thrownError<T>(_ body: () throws -> T) -> KServeError? {
    do {
        _ = try body()
        return nil
    } catch let error as KServeError {
        return error
    } catch {
        return KServeError(.internal, "not a KServeError: \(error)")
    }
}

/// Parses JSON text written in a test.
func json(_ text: String) throws -> Value { try JSONParser.parse(text, source: "test") }

/// Sample tensors: six elements (shape [2,3]) of each datatype, including each type's extremes.
enum Samples {
    static let shape: [Int64] = [2, 3]

    static func data(_ type: DataType) -> TensorData {
        switch type {
        case .bool: return .bool([true, false, true, true, false, false])
        case .uint8: return .uint8([0, 1, 127, 128, 254, 255])
        case .uint16: return .uint16([0, 1, 255, 256, 65534, 65535])
        case .uint32: return .uint32([0, 1, 65536, 2_147_483_648, 4_294_967_294, .max])
        case .uint64: return .uint64([0, 1, 42, 1 << 53 + 1, 1 << 63, .max])
        case .int8: return .int8([.min, -1, 0, 1, 100, .max])
        case .int16: return .int16([.min, -1, 0, 1, 1000, .max])
        case .int32: return .int32([.min, -1, 0, 1, 100_000, .max])
        case .int64: return .int64([.min, -1, 0, 1, 1 << 53 + 1, .max])
        case .fp16: return .fp16([0x3C00, 0x2E66, 0xC000, 0x0001, 0x7BFF, 0x8000])
        case .bf16: return .bf16([0x3F80, 0x3DCD, 0xC000, 0x0001, 0x7F7F, 0x8000])
        case .fp32: return .fp32([0.1, -1.5, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e-7, 16_777_216])
        case .fp64: return .fp64([0.1, -1e300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .pi, -0.0])
        case .bytes:
            return .bytes(["", "a", "héllo", "日本語", "nul\u{0}inside", "tab\t\"quote\""].map { Array($0.utf8) })
        }
    }

    static func tensor(_ type: DataType, name: String? = nil) -> InferTensor {
        InferTensor(name: name ?? type.rawValue.lowercased(), datatype: type, shape: shape, data: data(type))
    }

    /// A request with one input of every datatype.
    static func request() -> InferRequest {
        InferRequest(
            id: "r-1",
            parameters: ["priority": 3],
            inputs: DataType.allCases.map { tensor($0) },
            outputs: [RequestedOutput(name: "out", parameters: ["classification": 2])]
        )
    }

    /// A response with one output of every datatype.
    static func response() -> InferResponse {
        InferResponse(
            modelName: "m",
            modelVersion: "2",
            id: "r-1",
            parameters: ["note": "x"],
            outputs: DataType.allCases.map { tensor($0) }
        )
    }
}
