import Compute
import Core

/// Max, Min, Sum and Mean over one or more inputs of one type, broadcast together (numpy broadcasting from
/// opset 8). Max and Min propagate NaN, as numpy's maximum and minimum do.
struct Variadic: Operator {
    enum Kind: Sendable {
        case max
        case min
        case sum
        case mean
    }

    let kind: Kind

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let tensors = inputs.tensors.compactMap { $0 }
        guard let first = tensors.first, tensors.count == inputs.count else {
            throw KServeError(.invalidInput, "expected one or more inputs, none omitted")
        }
        try ElementDispatch.requireSameType(tensors)
        let layout = try BroadcastLayout(tensors)
        try context.reserve(elements: layout.count, of: first.elementType)
        let widened = tensors.map(HalfPrecisionBridge.widened)
        let storage = try ElementDispatch.numeric(widened[0].elementType, Kernel(kind: kind, tensors: widened))
        let result = Tensor(shape: layout.shape, storage: storage)
        return [HalfPrecisionBridge.narrowed(result, to: first.elementType)]
    }

    private struct Kernel: NumericVisitor {
        let kind: Kind
        let tensors: [Tensor]

        func visit<T: NumericElement>(_: T.Type) throws(KServeError) -> TensorStorage {
            var shape = tensors[0].shape
            var result = try ElementDispatch.values(tensors[0], as: T.self)
            for tensor in tensors.dropFirst() {
                let next = try ElementDispatch.values(tensor, as: T.self)
                let layout = try BroadcastLayout(shapes: [shape, tensor.shape])
                switch kind {
                // `b != b` holds only for NaN (and folds away for integers).
                case .max: result = BroadcastKernel.map(result, next, layout) { ($1 > $0 || $1 != $1) ? $1 : $0 }
                case .min: result = BroadcastKernel.map(result, next, layout) { ($1 < $0 || $1 != $1) ? $1 : $0 }
                case .sum, .mean: result = BroadcastKernel.map(result, next, layout) { T.plus($0, $1) }
                }
                shape = layout.shape
            }
            if kind == .mean {
                let divisor = T(castingInt64: Int64(tensors.count))
                result = BroadcastKernel.map(result) { T.quotient($0, divisor) }
            }
            // A single input still takes the shape it came with.
            return T.storage(result)
        }
    }
}
