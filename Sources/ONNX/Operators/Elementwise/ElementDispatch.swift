import Compute
import Core

/// A computation generic over a numeric element type, which ``ElementDispatch`` calls with the Swift type of a
/// tensor's elements: one switch outside the loops, a kernel specialised per type inside.
package protocol NumericVisitor {
    associatedtype Output
    func visit<T: NumericElement>(_ type: T.Type) throws(KServeError) -> Output
}

/// As ``NumericVisitor``, for the floating-point computations (exp, log, tanh, erf).
package protocol FloatingVisitor {
    associatedtype Output
    func visit<T: FloatingElement>(_ type: T.Type) throws(KServeError) -> Output
}

package enum ElementDispatch {
    /// Calls `visitor` with the Swift type of `type`; float16 and bfloat16 must have been widened first.
    package static func numeric<V: NumericVisitor>(
        _ type: ElementType,
        _ visitor: V
    ) throws(KServeError) -> V.Output {
        switch type {
        case .float: return try visitor.visit(Float.self)
        case .double: return try visitor.visit(Double.self)
        case .int8: return try visitor.visit(Int8.self)
        case .int16: return try visitor.visit(Int16.self)
        case .int32: return try visitor.visit(Int32.self)
        case .int64: return try visitor.visit(Int64.self)
        case .uint8: return try visitor.visit(UInt8.self)
        case .uint16: return try visitor.visit(UInt16.self)
        case .uint32: return try visitor.visit(UInt32.self)
        case .uint64: return try visitor.visit(UInt64.self)
        case .float16, .bfloat16, .bool, .string:
            throw KServeError(.invalidInput, "\(type) tensors are not supported here; expected a numeric type")
        }
    }

    /// Calls `visitor` with Float or Double; float16 and bfloat16 must have been widened first.
    package static func floating<V: FloatingVisitor>(
        _ type: ElementType,
        _ visitor: V
    ) throws(KServeError) -> V.Output {
        switch type {
        case .float: return try visitor.visit(Float.self)
        case .double: return try visitor.visit(Double.self)
        default:
            throw KServeError(
                .invalidInput,
                "\(type) tensors are not supported here; expected float, double, float16 or bfloat16"
            )
        }
    }

    /// `tensor`'s elements as `T`, or an error naming both types (for inputs that must share a type).
    package static func values<T: TensorElement>(_ tensor: Tensor, as _: T.Type) throws(KServeError) -> [T] {
        guard let values = T.values(tensor.storage) else {
            throw KServeError(.invalidInput, "expected a \(T.elementType) tensor, got \(tensor.elementType)")
        }
        return values
    }

    /// An error unless all `tensors` share one element type.
    package static func requireSameType(_ tensors: [Tensor]) throws(KServeError) {
        guard let first = tensors.first?.elementType else { return }
        for tensor in tensors where tensor.elementType != first {
            let types = tensors.map { $0.elementType.description }.joined(separator: " and ")
            throw KServeError(.invalidInput, "inputs must share an element type, got \(types)")
        }
    }
}

/// float16 and bfloat16 tensors compute as Float: inputs widen, results narrow back (rounding to nearest even).
package enum HalfPrecisionBridge {
    /// `tensor` with float16 or bfloat16 elements widened to float; other types unchanged.
    package static func widened(_ tensor: Tensor) -> Tensor {
        switch tensor.storage {
        case .float16(let bits):
            return Tensor(shape: tensor.shape, storage: .float(bits.map { HalfPrecision.float(fp16Bits: $0) }))
        case .bfloat16(let bits):
            return Tensor(shape: tensor.shape, storage: .float(bits.map { HalfPrecision.float(bf16Bits: $0) }))
        default:
            return tensor
        }
    }

    /// A float `tensor` narrowed to `type` when that is float16 or bfloat16; otherwise unchanged.
    package static func narrowed(_ tensor: Tensor, to type: ElementType) -> Tensor {
        guard case .float(let values) = tensor.storage else { return tensor }
        switch type {
        case .float16: return Tensor(shape: tensor.shape, storage: .float16(values.map { HalfPrecision.fp16Bits($0) }))
        case .bfloat16:
            return Tensor(shape: tensor.shape, storage: .bfloat16(values.map { HalfPrecision.bf16Bits($0) }))
        default: return tensor
        }
    }
}
