import Compute
import Core

/// Clip: `min(max(x, low), high)`, so that `high` wins when `low > high`, and NaN passes through.
///
/// Before opset 11 the bounds are the float attributes `min` and `max`; from 11 they are optional scalar inputs of
/// the input's type (integer types from 12). A missing bound does not clip.
struct Clip: Operator {
    /// The attribute bounds of opsets 1 to 10; nil from opset 11.
    let attributeBounds: (low: Float, high: Float)?

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        guard node.opsetVersion < 11 else { return Clip(attributeBounds: nil) }
        let low = try node.attributes.float("min", default: -Float.greatestFiniteMagnitude)
        let high = try node.attributes.float("max", default: Float.greatestFiniteMagnitude)
        return Clip(attributeBounds: (low, high))
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try inputs.required(0)
        var bounds: [Tensor?] = [nil, nil]
        if let (low, high) = attributeBounds {
            bounds = [Tensor(shape: [], floats: [low]), Tensor(shape: [], floats: [high])]
        } else {
            for index in 0..<2 {
                guard let bound = inputs.optional(index + 1) else { continue }
                guard bound.count == 1 else {
                    let name = index == 0 ? "min" : "max"
                    throw KServeError(
                        .invalidInput,
                        "\(name) must be a scalar, got shape \(Tensor.describe(bound.shape))"
                    )
                }
                guard bound.elementType == input.elementType else {
                    throw KServeError(
                        .invalidInput,
                        "bounds must have the input's type \(input.elementType), got \(bound.elementType)"
                    )
                }
                bounds[index] = HalfPrecisionBridge.widened(bound)
            }
        }
        let x = HalfPrecisionBridge.widened(input)
        let storage = try ElementDispatch.numeric(x.elementType, Kernel(x: x, low: bounds[0], high: bounds[1]))
        return [HalfPrecisionBridge.narrowed(Tensor(shape: x.shape, storage: storage), to: input.elementType)]
    }

    private struct Kernel: NumericVisitor {
        let x: Tensor
        let low: Tensor?
        let high: Tensor?

        func visit<T: NumericElement>(_: T.Type) throws(KServeError) -> TensorStorage {
            let values = try ElementDispatch.values(x, as: T.self)
            let lowest = try bound(low) ?? T.lowest
            let highest = try bound(high) ?? T.highest
            return T.storage(
                BroadcastKernel.map(values) { value in
                    let raised = value < lowest ? lowest : value
                    return raised > highest ? highest : raised
                }
            )
        }

        /// A bound converted to `T` (the attribute bounds are floats whatever the input's type).
        private func bound<T: NumericElement>(_ tensor: Tensor?) throws(KServeError) -> T? {
            guard let tensor else { return nil }
            if let same = T.values(tensor.storage), let first = same.first { return first }
            guard let doubles = tensor.doubles(), let first = doubles.first else {
                throw KServeError(.invalidInput, "a bound of type \(tensor.elementType) does not fit \(T.elementType)")
            }
            return T(castingDouble: first)
        }
    }
}
