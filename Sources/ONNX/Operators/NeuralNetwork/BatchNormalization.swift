import Compute
import Core

/// BatchNormalization over X [N, C, ...] per channel: `Y = (X - mean) / sqrt(var + epsilon) * scale + B`, folded into
/// one multiply-add per element.
///
/// With training_mode (opset 14 on) the statistics are the batch's own (population variance) and the optional
/// outputs are the updated running statistics: `running * momentum + batch * (1 - momentum)`.
struct BatchNormalizationOperator: Operator {
    let epsilon: Double
    let momentum: Double
    let training: Bool
    /// Outputs the node declares: Y, then in training mode running_mean and running_var.
    let outputCount: Int

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        let attributes = node.attributes
        if let spatial = try attributes.int("spatial"), spatial == 0 {
            throw KServeError(
                .unsupported,
                "BatchNormalization with spatial 0 (per-element statistics) is not supported"
            )
        }
        let trainingMode = try attributes.int("training_mode", default: 0)
        let training = node.opsetVersion >= 14 && trainingMode != 0
        let namedOutputs = node.outputs.filter { !$0.isEmpty }.count
        if node.opsetVersion < 14, namedOutputs > 1 {
            throw KServeError(
                .unsupported,
                "BatchNormalization's training outputs before opset 14 are not supported"
            )
        }
        return BatchNormalizationOperator(
            epsilon: Double(try attributes.float("epsilon", default: 1e-5)),
            momentum: Double(try attributes.float("momentum", default: 0.9)),
            training: training,
            outputCount: max(1, min(3, node.outputs.count))
        )
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let x = try inputs.required(0)
        guard x.rank >= 2 else {
            throw KServeError(.invalidInput, "BatchNormalization takes X [N,C,...], got \(Tensor.describe(x.shape))")
        }
        let channels = x.shape[1]
        var parameters: [[Double]] = []
        for (index, name) in ["scale", "B", "input_mean", "input_var"].enumerated() {
            let tensor = try inputs.required(index + 1)
            guard tensor.shape == [channels], tensor.elementType.isFloatingPoint, let values = tensor.doubles() else {
                throw KServeError(
                    .invalidInput,
                    "BatchNormalization's \(name) must be a floating-point [\(channels)], got \(tensor.elementType)"
                        + " \(Tensor.describe(tensor.shape))"
                )
            }
            parameters.append(values)
        }
        let statistics = Statistics(
            scale: parameters[0],
            bias: parameters[1],
            mean: parameters[2],
            variance: parameters[3]
        )
        let batch = x.shape[0]
        let planeSize = try NeuralSupport.product(Array(x.shape[2...]))
        let shape = (batch: batch, channels: channels, planeSize: planeSize)
        let (y, running): (Tensor, Statistics?)
        switch x.storage {
        case .float(let values):
            let result = normalize(values, shape, statistics)
            (y, running) = (Tensor(shape: x.shape, values: result.0), result.1)
        case .double(let values):
            let result = normalize(values, shape, statistics)
            (y, running) = (Tensor(shape: x.shape, values: result.0), result.1)
        case .float16, .bfloat16:
            let result = normalize(NeuralSupport.widenedHalf(x) ?? [], shape, statistics)
            (y, running) = (
                Tensor(shape: x.shape, storage: NeuralSupport.narrowed(result.0, to: x.elementType)), result.1
            )
        default:
            throw NeuralSupport.unsupportedType("BatchNormalization", x, expected: "float, double or float16")
        }
        guard let running, outputCount > 1 else { return [y] }
        // The running statistics take the type of input_mean and input_var.
        let meanType = (try inputs.required(3)).elementType
        let varType = (try inputs.required(4)).elementType
        let outputs = [
            y,
            Tensor(shape: [channels], storage: Self.storage(running.mean, as: meanType)),
            Tensor(shape: [channels], storage: Self.storage(running.variance, as: varType)),
        ]
        return Array(outputs.prefix(outputCount))
    }

    struct Statistics {
        var scale: [Double]
        var bias: [Double]
        var mean: [Double]
        var variance: [Double]
    }

    private func normalize<T: NeuralElement>(
        _ input: [T],
        _ shape: (batch: Int, channels: Int, planeSize: Int),
        _ statistics: Statistics
    ) -> ([T], Statistics?) {
        var mean = statistics.mean
        var variance = statistics.variance
        var running: Statistics? = nil
        if training {
            (mean, variance) = batchStatistics(input, shape)
            var updated = statistics
            for channel in 0..<shape.channels {
                updated.mean[channel] = statistics.mean[channel] * momentum + mean[channel] * (1 - momentum)
                updated.variance[channel] = statistics.variance[channel] * momentum + variance[channel] * (1 - momentum)
            }
            running = updated
        }
        var multipliers = [T](repeating: 0, count: shape.channels)
        var offsets = [T](repeating: 0, count: shape.channels)
        for channel in 0..<shape.channels {
            let multiplier = statistics.scale[channel] / (variance[channel] + epsilon).squareRoot()
            multipliers[channel] = T(multiplier)
            offsets[channel] = T(statistics.bias[channel] - mean[channel] * multiplier)
        }
        let output: [T] = NeuralSupport.array(count: input.count) { out in
            input.withUnsafeBufferPointer { x in
                var index = 0
                for _ in 0..<shape.batch {
                    for channel in 0..<shape.channels {
                        let (multiplier, offset) = (multipliers[channel], offsets[channel])
                        for _ in 0..<shape.planeSize {
                            out.initializeElement(at: index, to: x[index] * multiplier + offset)
                            index += 1
                        }
                    }
                }
            }
        }
        return (output, running)
    }

    /// Each channel's mean and population variance over the batch and spatial axes (two passes: the variance sums
    /// squared deviations, which keeps its digits where the mean is large).
    private func batchStatistics<T: NeuralElement>(
        _ input: [T],
        _ shape: (batch: Int, channels: Int, planeSize: Int)
    ) -> ([Double], [Double]) {
        let count = Double(max(1, shape.batch * shape.planeSize))
        var means = [Double](repeating: 0, count: shape.channels)
        var variances = [Double](repeating: 0, count: shape.channels)
        input.withUnsafeBufferPointer { x in
            for pass in 0..<2 {
                var index = 0
                for _ in 0..<shape.batch {
                    for channel in 0..<shape.channels {
                        let mean = means[channel]
                        var sum = 0.0
                        for _ in 0..<shape.planeSize {
                            let value = Double(x[index])
                            sum += pass == 0 ? value : (value - mean) * (value - mean)
                            index += 1
                        }
                        if pass == 0 { means[channel] += sum } else { variances[channel] += sum }
                    }
                }
                if pass == 0 { means = means.map { $0 / count } }
            }
        }
        return (means, variances.map { $0 / count })
    }

    private static func storage(_ values: [Double], as type: ElementType) -> TensorStorage {
        switch type {
        case .double: return .double(values)
        case .float16, .bfloat16: return NeuralSupport.narrowed(values.map { Float($0) }, to: type)
        default: return .float(values.map { Float($0) })
        }
    }
}
