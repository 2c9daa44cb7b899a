import Compute
import Core

/// Identity: the input itself.
struct IdentityOperator: Operator {
    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        [try inputs.required(0)]
    }
}

/// Dropout at inference: the input unchanged, and when the node asks for it a mask of all-kept elements (bool from
/// opset 10, the input's type before).
///
/// From opset 12, a `training_mode` input that is true would drop elements at random; only a ratio of 0 (nothing
/// dropped) is accepted then.
struct DropoutOperator: Operator {
    let wantsMask: Bool
    let boolMask: Bool
    let trainingModeInput: Bool

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        DropoutOperator(
            wantsMask: node.outputs.count > 1 && !node.outputs[1].isEmpty,
            boolMask: node.opsetVersion >= 10,
            trainingModeInput: node.opsetVersion >= 12
        )
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let data = try inputs.required(0)
        if trainingModeInput, let training = inputs.optional(2) {
            guard training.count == 1, case .bool(let flags) = training.storage, let isTraining = flags.first else {
                throw KServeError(
                    .invalidInput,
                    "training_mode must be one bool, got \(training.elementType) of shape"
                        + " \(Tensor.describe(training.shape))"
                )
            }
            if isTraining {
                let ratio = inputs.optional(1)?.doubles()?.first ?? 0.5
                guard ratio == 0 else {
                    throw KServeError(
                        .unsupported,
                        "Dropout in training mode (ratio \(ratio)) is not supported; only inference is"
                    )
                }
            }
        }
        guard wantsMask else { return [data] }
        return [data, Tensor(shape: data.shape, storage: try mask(count: data.count, like: data.elementType))]
    }

    private func mask(count: Int, like type: ElementType) throws(KServeError) -> TensorStorage {
        if boolMask { return .bool([Bool](repeating: true, count: count)) }
        switch type {
        case .float: return .float([Float](repeating: 1, count: count))
        case .double: return .double([Double](repeating: 1, count: count))
        case .float16: return .float16([UInt16](repeating: HalfPrecision.fp16Bits(Float(1)), count: count))
        case .bfloat16: return .bfloat16([UInt16](repeating: HalfPrecision.bf16Bits(Float(1)), count: count))
        default: throw KServeError(.invalidInput, "Dropout takes float, double or float16 input, got \(type)")
        }
    }
}
