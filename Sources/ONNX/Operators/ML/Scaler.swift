import Compute
import Core

/// ai.onnx.ml Scaler: `(x - offset) · scale`, with one offset and scale per feature or one for all. Float output.
///
/// The feature of element `i` is `i % F`, `F` the second dimension (the first of a 1-D input), as onnxruntime
/// counts it for any rank.
struct ScalerOperator: Operator {
    let offset: [Float]
    let scale: [Float]

    init(_ node: NodeDescription) throws(KServeError) {
        let scale = try node.attributes.floats("scale") ?? []
        let offset = try node.attributes.floats("offset") ?? []
        guard !scale.isEmpty else { throw KServeError(.invalidInput, "attribute scale is missing or empty") }
        guard scale.count == offset.count else {
            throw KServeError(.invalidInput, "scale has \(scale.count) values and offset \(offset.count)")
        }
        self.scale = scale
        self.offset = offset
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try inputs.required(0)
        guard input.rank >= 1 else { throw KServeError(.invalidInput, "input X is a scalar, expected [N,F] or [F]") }
        let stride = input.rank == 1 ? input.shape[0] : input.shape[1]
        guard input.count == 0 || scale.count == stride || scale.count == 1 else {
            throw KServeError(
                .invalidInput,
                "scale and offset have \(scale.count) values, the input has \(stride) features (expected that or 1)"
            )
        }
        let output: [Float]
        switch input.storage {
        case .float(let values): output = scaled(values, stride: stride) { $0 }
        case .double(let values): output = scaledDouble(values, stride: stride)
        case .int64(let values): output = scaled(values, stride: stride) { Float($0) }
        case .int32(let values): output = scaled(values, stride: stride) { Float($0) }
        default:
            throw KServeError(
                .invalidInput,
                "input X is \(input.elementType), expected float, double, int32 or int64"
            )
        }
        return [Tensor(shape: input.shape, floats: output)]
    }

    private func scaled<T>(_ values: [T], stride: Int, _ convert: (T) -> Float) -> [Float] {
        var output = [Float](repeating: 0, count: values.count)
        let perFeature = scale.count > 1
        offset.withUnsafeBufferPointer { offset in
            scale.withUnsafeBufferPointer { scale in
                for index in values.indices {
                    let feature = perFeature ? index % stride : 0
                    output[index] = (convert(values[index]) - offset[feature]) * scale[feature]
                }
            }
        }
        return output
    }

    /// Doubles are offset and scaled in double, then narrowed.
    private func scaledDouble(_ values: [Double], stride: Int) -> [Float] {
        var output = [Float](repeating: 0, count: values.count)
        let perFeature = scale.count > 1
        for index in values.indices {
            let feature = perFeature ? index % stride : 0
            output[index] = Float((values[index] - Double(offset[feature])) * Double(scale[feature]))
        }
        return output
    }
}
