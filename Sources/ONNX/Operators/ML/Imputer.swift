import Compute
import Core

/// ai.onnx.ml Imputer: elements equal to the replaced value (NaN matching NaN) become the imputed value of their
/// feature, or the one imputed value for all. Float and double inputs use the `*_float(s)` attributes, int64 and
/// int32 the `*_int64(s)` ones; the output keeps the input's type and shape.
struct ImputerOperator: Operator {
    let imputedFloats: [Float]
    let replacedFloat: Float
    let imputedInts: [Int64]
    let replacedInt: Int64

    init(_ node: NodeDescription) throws(KServeError) {
        let attributes = node.attributes
        imputedFloats = try attributes.floats("imputed_value_floats") ?? []
        imputedInts = try attributes.ints("imputed_value_int64s") ?? []
        replacedFloat = try attributes.float("replaced_value_float", default: 0)
        replacedInt = try attributes.int("replaced_value_int64", default: 0)
        guard imputedFloats.isEmpty != imputedInts.isEmpty else {
            throw KServeError(
                .invalidInput,
                "exactly one of imputed_value_floats and imputed_value_int64s must be given"
            )
        }
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try inputs.required(0)
        guard input.rank >= 1 else { throw KServeError(.invalidInput, "input X is a scalar, expected [N,F] or [F]") }
        let stride = input.rank == 1 ? input.shape[0] : input.shape[1]
        let storage: TensorStorage
        switch input.storage {
        case .float(let values):
            let imputed = try required(imputedFloats, "imputed_value_floats", input)
            storage = .float(impute(values, stride: stride, imputed: imputed, replaced: replacedFloat))
        case .double(let values):
            let imputed = try required(imputedFloats, "imputed_value_floats", input).map(Double.init)
            storage = .double(impute(values, stride: stride, imputed: imputed, replaced: Double(replacedFloat)))
        case .int64(let values):
            let imputed = try required(imputedInts, "imputed_value_int64s", input)
            storage = .int64(impute(values, stride: stride, imputed: imputed, replaced: replacedInt))
        case .int32(let values):
            let imputed = try required(imputedInts, "imputed_value_int64s", input).map {
                Int32(truncatingIfNeeded: $0)
            }
            storage = .int32(
                impute(values, stride: stride, imputed: imputed, replaced: Int32(truncatingIfNeeded: replacedInt))
            )
        default:
            throw KServeError(
                .invalidInput,
                "input X is \(input.elementType), expected float, double, int32 or int64"
            )
        }
        return [Tensor(shape: input.shape, storage: storage)]
    }

    private func required<T>(_ values: [T], _ name: String, _ input: Tensor) throws(KServeError) -> [T] {
        guard !values.isEmpty else {
            throw KServeError(.invalidInput, "input X is \(input.elementType) but attribute \(name) is not given")
        }
        return values
    }

    /// One imputed value per feature when there are as many as features, else the first for all (onnxruntime).
    private func impute<T: Equatable>(_ values: [T], stride: Int, imputed: [T], replaced: T) -> [T] {
        let perFeature = imputed.count == stride && stride > 0
        let replacedIsNaN = replaced != replaced
        var output = values
        for index in output.indices {
            let value = output[index]
            let matches = replacedIsNaN ? value != value : value == replaced
            if matches { output[index] = imputed[perFeature ? index % stride : 0] }
        }
        return output
    }
}
