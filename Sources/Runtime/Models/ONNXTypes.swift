import Compute
import Core
import Inference

/// Converts between the protocol's tensors (``InferTensor``, ``DataType``) and the executor's (``Tensor``,
/// ``ElementType``). The two type lists are the same; only the names differ.
enum ONNXTypes {
    static func dataType(_ type: ElementType) -> DataType {
        switch type {
        case .float: return .fp32
        case .double: return .fp64
        case .float16: return .fp16
        case .bfloat16: return .bf16
        case .int8: return .int8
        case .int16: return .int16
        case .int32: return .int32
        case .int64: return .int64
        case .uint8: return .uint8
        case .uint16: return .uint16
        case .uint32: return .uint32
        case .uint64: return .uint64
        case .bool: return .bool
        case .string: return .bytes
        }
    }

    static func elementType(_ type: DataType) -> ElementType {
        switch type {
        case .fp32: return .float
        case .fp64: return .double
        case .fp16: return .float16
        case .bf16: return .bfloat16
        case .int8: return .int8
        case .int16: return .int16
        case .int32: return .int32
        case .int64: return .int64
        case .uint8: return .uint8
        case .uint16: return .uint16
        case .uint32: return .uint32
        case .uint64: return .uint64
        case .bool: return .bool
        case .bytes: return .string
        }
    }

    /// The request tensor as the executor's; the caller has validated it (its data matches its shape).
    static func tensor(_ input: InferTensor) -> Tensor {
        let shape = input.shape.map { Int($0) }
        switch input.data {
        case .fp32(let values): return Tensor(shape: shape, storage: .float(values))
        case .fp64(let values): return Tensor(shape: shape, storage: .double(values))
        case .fp16(let values): return Tensor(shape: shape, storage: .float16(values))
        case .bf16(let values): return Tensor(shape: shape, storage: .bfloat16(values))
        case .int8(let values): return Tensor(shape: shape, storage: .int8(values))
        case .int16(let values): return Tensor(shape: shape, storage: .int16(values))
        case .int32(let values): return Tensor(shape: shape, storage: .int32(values))
        case .int64(let values): return Tensor(shape: shape, storage: .int64(values))
        case .uint8(let values): return Tensor(shape: shape, storage: .uint8(values))
        case .uint16(let values): return Tensor(shape: shape, storage: .uint16(values))
        case .uint32(let values): return Tensor(shape: shape, storage: .uint32(values))
        case .uint64(let values): return Tensor(shape: shape, storage: .uint64(values))
        case .bool(let values): return Tensor(shape: shape, storage: .bool(values))
        case .bytes(let values): return Tensor(shape: shape, storage: .string(values))
        }
    }

    /// An executor output as a response tensor named `name`.
    static func inferTensor(_ tensor: Tensor, name: String) -> InferTensor {
        let shape = tensor.shape.map { Int64($0) }
        let data: TensorData
        switch tensor.storage {
        case .float(let values): data = .fp32(values)
        case .double(let values): data = .fp64(values)
        case .float16(let values): data = .fp16(values)
        case .bfloat16(let values): data = .bf16(values)
        case .int8(let values): data = .int8(values)
        case .int16(let values): data = .int16(values)
        case .int32(let values): data = .int32(values)
        case .int64(let values): data = .int64(values)
        case .uint8(let values): data = .uint8(values)
        case .uint16(let values): data = .uint16(values)
        case .uint32(let values): data = .uint32(values)
        case .uint64(let values): data = .uint64(values)
        case .bool(let values): data = .bool(values)
        case .string(let values): data = .bytes(values)
        }
        return InferTensor(name: name, shape: shape, data: data)
    }
}
