import Compute
import Core

/// LayerNormalization (opset 17): each row of the axes from `axis` on is normalised to mean 0 and variance 1, then
/// scaled and shifted by Scale and B (broadcast to those axes). The optional Mean and InvStdDev outputs have X's
/// leading dimensions and 1 for the normalised ones, in stash_type (float unless it says double).
///
/// The statistics are computed in Double whatever the stash type: at least as precise as asked.
struct LayerNormalizationOperator: Operator {
    let axis: Int64
    let epsilon: Double
    let stashType: ElementType
    let outputCount: Int

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        let attributes = node.attributes
        let stash = try attributes.int("stash_type", default: 1)
        guard let stashType = ElementType(rawValue: Int(truncatingIfNeeded: stash)), stashType.isFloatingPoint else {
            throw KServeError(.unsupported, "LayerNormalization with stash_type \(stash) is not supported")
        }
        return LayerNormalizationOperator(
            axis: try attributes.int("axis", default: -1),
            epsilon: Double(try attributes.float("epsilon", default: 1e-5)),
            stashType: stashType,
            outputCount: max(1, min(3, node.outputs.count))
        )
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let x = try inputs.required(0)
        let axis = try Axes.normalize(axis, rank: x.rank)
        let normalizedShape = Array(x.shape[axis...])
        let rowSize = try NeuralSupport.product(normalizedShape)
        let rows = try NeuralSupport.product(Array(x.shape[..<axis]))
        let scale = try Self.expanded(try inputs.required(1), to: normalizedShape, name: "Scale")
        let bias = try inputs.optional(2).map { (tensor: Tensor) throws(KServeError) in
            try Self.expanded(tensor, to: normalizedShape, name: "B")
        }
        let layout = (rows: rows, rowSize: rowSize)
        let y: Tensor
        let statistics: ([Double], [Double])
        switch x.storage {
        case .float(let values):
            let result = normalize(values, layout, scale: scale, bias: bias)
            (y, statistics) = (Tensor(shape: x.shape, values: result.0), result.1)
        case .double(let values):
            let result = normalize(values, layout, scale: scale, bias: bias)
            (y, statistics) = (Tensor(shape: x.shape, values: result.0), result.1)
        case .float16, .bfloat16:
            let result = normalize(NeuralSupport.widenedHalf(x) ?? [], layout, scale: scale, bias: bias)
            (y, statistics) = (
                Tensor(shape: x.shape, storage: NeuralSupport.narrowed(result.0, to: x.elementType)), result.1
            )
        default:
            throw NeuralSupport.unsupportedType("LayerNormalization", x, expected: "float, double or float16")
        }
        guard outputCount > 1 else { return [y] }
        let statisticsShape = Array(x.shape[..<axis]) + [Int](repeating: 1, count: x.rank - axis)
        let outputs = [
            y,
            Tensor(shape: statisticsShape, storage: stashStorage(statistics.0)),
            Tensor(shape: statisticsShape, storage: stashStorage(statistics.1)),
        ]
        return Array(outputs.prefix(outputCount))
    }

    private func stashStorage(_ values: [Double]) -> TensorStorage {
        switch stashType {
        case .double: return .double(values)
        case .float16, .bfloat16: return NeuralSupport.narrowed(values.map { Float($0) }, to: stashType)
        default: return .float(values.map { Float($0) })
        }
    }

    /// Scale or B as one value per element of a row: broadcast (one way) to the normalised shape.
    static func expanded(_ tensor: Tensor, to shape: [Int], name: String) throws(KServeError) -> [Double] {
        guard tensor.elementType.isFloatingPoint, let values = tensor.doubles() else {
            throw KServeError(
                .invalidInput,
                "LayerNormalization's \(name) must be floating-point, got \(tensor.elementType)"
            )
        }
        let count = try NeuralSupport.product(shape)
        guard tensor.rank <= shape.count, (try? Broadcasting.shape([tensor.shape, shape])) == shape else {
            throw KServeError(
                .invalidInput,
                "LayerNormalization's \(name) of shape \(Tensor.describe(tensor.shape)) does not broadcast to the"
                    + " normalised shape \(Tensor.describe(shape))"
            )
        }
        // Same element count and broadcastable: the same layout.
        if values.count == count { return values }
        var result = [Double](repeating: 0, count: count)
        Broadcasting.forEach(shape, strides: [Broadcasting.strides(of: tensor.shape, in: shape)]) { index, sources in
            result[index] = values[sources[0]]
        }
        return result
    }

    private func normalize<T: NeuralElement>(
        _ input: [T],
        _ layout: (rows: Int, rowSize: Int),
        scale: [Double],
        bias: [Double]?
    ) -> ([T], ([Double], [Double])) {
        let (rows, rowSize) = layout
        let scales = scale.map { T($0) }
        let offsets = bias.map { $0.map { T($0) } } ?? [T](repeating: 0, count: rowSize)
        var means = [Double](repeating: 0, count: rows)
        var inverseDeviations = [Double](repeating: 0, count: rows)
        let output: [T] = NeuralSupport.array(count: input.count) { out in
            input.withUnsafeBufferPointer { x in
                guard let base = x.baseAddress, let outBase = out.baseAddress else { return }
                for row in 0..<rows {
                    let source = base + row * rowSize
                    let target = outBase + row * rowSize
                    let mean = Self.sum(source, count: rowSize) { Double($0) } / Double(max(1, rowSize))
                    let squares = Self.sum(source, count: rowSize) { (Double($0) - mean) * (Double($0) - mean) }
                    let inverse = 1 / (squares / Double(max(1, rowSize)) + epsilon).squareRoot()
                    means[row] = mean
                    inverseDeviations[row] = inverse
                    let (meanT, inverseT) = (T(mean), T(inverse))
                    for column in 0..<rowSize {
                        let value = (source[column] - meanT) * inverseT * scales[column] + offsets[column]
                        (target + column).initialize(to: value)
                    }
                }
            }
        }
        return (output, (means, inverseDeviations))
    }

    /// The sum of `term` over `count` elements, in four interleaved Double sums: one running sum would wait on each
    /// addition before the next.
    @inline(__always)
    private static func sum<T>(_ values: UnsafePointer<T>, count: Int, _ term: (T) -> Double) -> Double {
        var partial = (0.0, 0.0, 0.0, 0.0)
        var index = 0
        while index + 4 <= count {
            partial.0 += term(values[index])
            partial.1 += term(values[index + 1])
            partial.2 += term(values[index + 2])
            partial.3 += term(values[index + 3])
            index += 4
        }
        while index < count {
            partial.0 += term(values[index])
            index += 1
        }
        return (partial.0 + partial.1) + (partial.2 + partial.3)
    }
}
