import Compute
import Core

/// ConvTranspose over 1 to 3 spatial axes: per batch item and group, `W_g^T * X_g` through the backend gives one
/// column per input position, which ``Im2Col/fold(_:channels:geometry:into:)`` scatters into the output.
///
/// Output size per axis: `stride * (in - 1) + output_padding + (kernel - 1) * dilation + 1 - pad_begin - pad_end`;
/// with output_shape or SAME auto_pad the pads follow from the size (SAME_UPPER puts the odd one at the end).
struct ConvTransposeOperator: Operator {
    let window: WindowAttributes
    let group: Int
    let outputPadding: [Int]?
    let outputShape: [Int]?

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        let attributes = node.attributes
        let outputPadding = try attributes.ints("output_padding")
        let outputShape = try attributes.ints("output_shape")
        for (name, values) in [("output_padding", outputPadding), ("output_shape", outputShape)] {
            guard let values else { continue }
            guard values.allSatisfy({ $0 >= 0 && $0 <= Int64(Int32.max) }) else {
                throw KServeError(.invalidInput, "attribute \(name) must hold values of 0 or more, got \(values)")
            }
        }
        return ConvTransposeOperator(
            window: try WindowAttributes(attributes),
            group: try ConvOperator.group(attributes),
            outputPadding: outputPadding?.map { Int($0) },
            outputShape: outputShape?.map { Int($0) }
        )
    }

    struct Plan {
        var batch: Int
        var channels: Int
        var filters: Int
        /// The forward view: from the output (its `input`) back to this operator's input (its `output`).
        var geometry: WindowGeometry
        var outputShape: [Int]
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let x = try inputs.required(0)
        let w = try inputs.required(1)
        let bias = inputs.optional(2)
        let plan = try plan(x.shape, w.shape, bias: bias?.shape)
        switch x.storage {
        case .float(let input):
            let (weights, biasValues) = try NeuralSupport.weightsAndBias(w, bias, as: Float.self)
            return [try transpose(input, weights, bias: biasValues, plan, context: context)]
        case .double(let input):
            let (weights, biasValues) = try NeuralSupport.weightsAndBias(w, bias, as: Double.self)
            return [try transpose(input, weights, bias: biasValues, plan, context: context)]
        default:
            throw NeuralSupport.unsupportedType("ConvTranspose", x, expected: "float or double")
        }
    }

    private func plan(_ x: [Int], _ w: [Int], bias: [Int]?) throws(KServeError) -> Plan {
        guard x.count >= 3, w.count == x.count else {
            throw KServeError(
                .invalidInput,
                "ConvTranspose takes X [N,C,D1,...] and W [C,M/group,k1,...] of the same rank (3 or more), got X"
                    + " \(Tensor.describe(x)) and W \(Tensor.describe(w))"
            )
        }
        guard w[0] == x[1], x[1] % group == 0 else {
            throw KServeError(
                .invalidInput,
                "ConvTranspose with group \(group) needs W [C,M/group,...] with C divisible by the group: X has"
                    + " \(x[1]) channels, W is \(Tensor.describe(w))"
            )
        }
        let filters = try NeuralSupport.multiply(w[1], group)
        let rank = x.count - 2
        let kernel = Array(w[2...])
        if let expected = window.kernelShape, expected != kernel {
            throw KServeError(
                .invalidInput,
                "attribute kernel_shape \(expected) does not match W \(Tensor.describe(w))"
            )
        }
        if let bias, bias != [filters] {
            throw KServeError(.invalidInput, "ConvTranspose's B must be [\(filters)], got \(Tensor.describe(bias))")
        }
        let (strides, dilations, explicitBegin, explicitEnd) = try window.resolved(rank: rank)
        let outputPadding = self.outputPadding ?? [Int](repeating: 0, count: rank)
        var requested: [Int]? = nil
        if let outputShape {
            guard outputShape.count == rank || outputShape.count == rank + 2 else {
                throw KServeError(
                    .invalidInput,
                    "attribute output_shape has \(outputShape.count) values, the input \(rank) spatial axes"
                )
            }
            requested = Array(outputShape.suffix(rank))
        }
        guard outputPadding.count == rank else {
            throw KServeError(
                .invalidInput,
                "attribute output_padding has \(outputPadding.count) values, the input \(rank) spatial axes"
            )
        }
        var begin = [Int](repeating: 0, count: rank)
        var end = [Int](repeating: 0, count: rank)
        var output = [Int](repeating: 0, count: rank)
        for axis in 0..<rank {
            guard kernel[axis] >= 1 else {
                throw KServeError(.invalidInput, "the kernel's spatial axis \(axis) is empty")
            }
            let extent = try WindowGeometry.extent(kernel[axis], dilations[axis])
            let (scaled, overflow) = max(0, x[axis + 2] - 1).multipliedReportingOverflow(by: strides[axis])
            guard !overflow, scaled < Int(Int32.max) else {
                throw KServeError(.invalidInput, "spatial axis \(axis) of the output is too large")
            }
            let natural = scaled + outputPadding[axis] + extent
            let target: Int?
            if let requested {
                target = requested[axis]
            } else if window.autoPad == .sameUpper || window.autoPad == .sameLower {
                target = try NeuralSupport.multiply(x[axis + 2], strides[axis])
            } else {
                target = nil
            }
            if let target {
                let total = max(0, natural - target)
                let small = total / 2
                begin[axis] = window.autoPad == .sameUpper ? small : total - small
                end[axis] = total - begin[axis]
                output[axis] = target
            } else {
                if window.autoPad == .notSet {
                    begin[axis] = explicitBegin[axis]
                    end[axis] = explicitEnd[axis]
                }
                output[axis] = natural - begin[axis] - end[axis]
                guard output[axis] >= 0 else {
                    throw KServeError(
                        .invalidInput,
                        "pads \(begin[axis]) and \(end[axis]) leave spatial axis \(axis) of the output empty"
                    )
                }
            }
        }
        let geometry = try WindowGeometry(
            input: output,
            kernel: kernel,
            strides: strides,
            dilations: dilations,
            padBegin: begin,
            padEnd: end,
            output: Array(x[2...])
        ).padded()
        return Plan(
            batch: x[0],
            channels: x[1],
            filters: filters,
            geometry: geometry,
            outputShape: [x[0], filters] + output
        )
    }

    private func transpose<T: NeuralElement>(
        _ input: [T],
        _ weights: [T],
        bias: [T]?,
        _ plan: Plan,
        context: ExecutionContext
    ) throws(KServeError) -> Tensor {
        let g = plan.geometry
        let groupChannels = plan.channels / group
        let groupFilters = plan.filters / group
        // In the forward view the transposed convolution's input is `g.output` and its output `g.input`.
        let (inputSize, outputSize) = (g.outputSize, g.inputSize)
        let rows = try NeuralSupport.multiply(groupFilters, g.kernelSize)
        let count = try NeuralSupport.product(plan.outputShape)
        try context.reserve(elements: count, of: T.elementType)
        let scratchCount = try NeuralSupport.multiply(rows, inputSize)
        try context.reserve(elements: scratchCount, of: T.elementType)
        let scratch = UnsafeMutablePointer<T>.allocate(capacity: max(1, scratchCount))
        defer { scratch.deallocate() }
        let backend = context.backend
        let output: [T] = NeuralSupport.array(count: count) { out in
            guard let outBase = out.baseAddress else { return }
            for item in 0..<plan.batch {
                for filter in 0..<plan.filters {
                    let value = bias?[filter] ?? 0
                    (outBase + (item * plan.filters + filter) * outputSize).initialize(
                        repeating: value,
                        count: outputSize
                    )
                }
            }
            guard scratchCount > 0, groupChannels > 0 else { return }
            input.withUnsafeBufferPointer { x in
                weights.withUnsafeBufferPointer { w in
                    guard let xBase = x.baseAddress, let wBase = w.baseAddress else { return }
                    for item in 0..<plan.batch {
                        for group in 0..<group {
                            // W_g is [C/group, M/group * K]; its transpose times X_g [C/group, in] is the columns.
                            T.gemm(
                                backend,
                                GemmShape(transposeA: true, transposeB: false, m: rows, n: inputSize, k: groupChannels),
                                a: wBase + group * groupChannels * rows,
                                b: xBase + (item * plan.channels + group * groupChannels) * inputSize,
                                c: scratch
                            )
                            let target = outBase + (item * plan.filters + group * groupFilters) * outputSize
                            Im2Col.fold(scratch, channels: groupFilters, geometry: g, into: target)
                        }
                    }
                }
            }
        }
        return Tensor(shape: plan.outputShape, values: output)
    }
}
