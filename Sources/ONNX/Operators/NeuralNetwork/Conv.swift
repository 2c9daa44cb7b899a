import Compute
import Core

/// Conv over 1 to 3 spatial axes: per batch item and group, the input is unrolled (``Im2Col``) into a scratch
/// matrix and multiplied by the group's filters through the backend; a 1x1 kernel without stride or padding
/// multiplies the input planes directly, and a depthwise convolution (one channel and one filter per group) is
/// swept directly (``DepthwiseConv``). The bias is written into the output first and the product adds onto it.
struct ConvOperator: Operator {
    let window: WindowAttributes
    let group: Int
    /// Set by the plan when a Relu that only this node feeds is folded into it (``ActivationFusion``).
    private(set) var clampsAtZero = false

    /// This convolution followed by Relu (`x < 0 ? 0 : x`, NaN kept).
    func clampingAtZero() -> ConvOperator {
        var fused = self
        fused.clampsAtZero = true
        return fused
    }

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        ConvOperator(window: try WindowAttributes(node.attributes), group: try Self.group(node.attributes))
    }

    static func group(_ attributes: NodeAttributes) throws(KServeError) -> Int {
        let group = try attributes.int("group", default: 1)
        guard group >= 1, group <= Int64(Int32.max) else {
            throw KServeError(.invalidInput, "attribute group must be 1 or more, got \(group)")
        }
        return Int(group)
    }

    /// Sizes of one convolution.
    struct Plan {
        var batch: Int
        var channels: Int
        var filters: Int
        var group: Int
        var geometry: WindowGeometry
        var outputShape: [Int]

        /// Input channels and filters of one group.
        var groupChannels: Int { channels / group }
        var groupFilters: Int { filters / group }
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let given = try inputs.required(0)
        // float16 and bfloat16 compute in float and round back, as their elementwise operators do.
        if given.elementType == .float16 || given.elementType == .bfloat16 {
            let widened = OperatorInputs(inputs.tensors.map { $0.map(HalfPrecisionBridge.widened) })
            let results = try run(widened, context: context)
            return results.map { HalfPrecisionBridge.narrowed($0, to: given.elementType) }
        }
        let x = given
        let w = try inputs.required(1)
        let bias = inputs.optional(2)
        let plan = try plan(x.shape, w.shape, bias: bias?.shape)
        switch x.storage {
        case .float(let input):
            let (weights, biasValues) = try NeuralSupport.weightsAndBias(w, bias, as: Float.self)
            return [try Self.convolve(input, weights, bias: biasValues, plan, clamp: clampsAtZero, context: context)]
        case .double(let input):
            let (weights, biasValues) = try NeuralSupport.weightsAndBias(w, bias, as: Double.self)
            return [try Self.convolve(input, weights, bias: biasValues, plan, clamp: clampsAtZero, context: context)]
        default:
            throw NeuralSupport.unsupportedType("Conv", x, expected: "float or double")
        }
    }

    private func plan(_ x: [Int], _ w: [Int], bias: [Int]?) throws(KServeError) -> Plan {
        guard x.count >= 3, w.count == x.count else {
            throw KServeError(
                .invalidInput,
                "Conv takes X [N,C,D1,...] and W [M,C/group,k1,...] of the same rank (3 or more), got X"
                    + " \(Tensor.describe(x)) and W \(Tensor.describe(w))"
            )
        }
        let (channels, filters) = (x[1], w[0])
        let (groupedChannels, overflow) = w[1].multipliedReportingOverflow(by: group)
        guard !overflow, groupedChannels == channels, filters % group == 0 else {
            throw KServeError(
                .invalidInput,
                "Conv with group \(group) needs W [M,C/group,...] with M divisible by the group: X has \(channels)"
                    + " channels, W is \(Tensor.describe(w))"
            )
        }
        let kernel = Array(w[2...])
        if let expected = window.kernelShape, expected != kernel {
            throw KServeError(
                .invalidInput,
                "attribute kernel_shape \(expected) does not match W \(Tensor.describe(w))"
            )
        }
        if let bias, bias != [filters] {
            throw KServeError(.invalidInput, "Conv's B must be [\(filters)], got \(Tensor.describe(bias))")
        }
        let geometry = try WindowGeometry.forward(input: Array(x[2...]), kernel: kernel, attributes: window)
        let outputShape = [x[0], filters] + geometry.output.suffix(x.count - 2)
        return Plan(
            batch: x[0],
            channels: channels,
            filters: filters,
            group: group,
            geometry: geometry,
            outputShape: outputShape
        )
    }

    private static func convolve<T: NeuralElement>(
        _ input: [T],
        _ weights: [T],
        bias: [T]?,
        _ plan: Plan,
        clamp: Bool,
        context: ExecutionContext
    ) throws(KServeError) -> Tensor {
        let g = plan.geometry
        let (groupChannels, groupFilters) = (plan.groupChannels, plan.groupFilters)
        let (inputSize, outputSize) = (g.inputSize, g.outputSize)
        let rows = try NeuralSupport.multiply(groupChannels, g.kernelSize)
        let count = try NeuralSupport.product(plan.outputShape)
        try context.reserve(elements: count, of: T.elementType)
        // A 1x1 kernel with unit strides and no padding reads the input planes as they are.
        let direct =
            g.kernelSize == 1 && g.strides.allSatisfy { $0 == 1 } && g.padBegin.allSatisfy { $0 == 0 }
            && g.padEnd.allSatisfy { $0 == 0 }
        // One channel and one filter per group: convolved directly, without unrolling.
        let depthwise = !direct && groupChannels == 1 && groupFilters == 1
        let sweep = depthwise ? WindowSweep(g) : nil
        if !direct && !depthwise, rows > 0, let padded = PaddedConv(g) {
            return try convolvePadded(
                input,
                weights,
                bias: bias,
                plan,
                padded,
                rows: rows,
                count: count,
                clamp: clamp,
                context: context
            )
        }
        let scratchCount = direct || depthwise ? 0 : try NeuralSupport.multiply(rows, outputSize)
        try context.reserve(elements: scratchCount, of: T.elementType)
        let scratch = UnsafeMutablePointer<T>.allocate(capacity: max(1, scratchCount))
        defer { scratch.deallocate() }
        let backend = context.backend
        var output: [T] = NeuralSupport.array(count: count) { out in
            guard let outBase = out.baseAddress else { return }
            input.withUnsafeBufferPointer { x in
                weights.withUnsafeBufferPointer { w in
                    for item in 0..<plan.batch {
                        for group in 0..<plan.group {
                            let target = outBase + (item * plan.filters + group * groupFilters) * outputSize
                            let operands = rows > 0 ? x.baseAddress.flatMap { x in w.baseAddress.map { (x, $0) } } : nil
                            if let bias {
                                for filter in 0..<groupFilters {
                                    let value = bias[group * groupFilters + filter]
                                    (target + filter * outputSize).initialize(repeating: value, count: outputSize)
                                }
                            } else if operands == nil || sweep != nil {
                                // No product writes it (an empty input or kernel, or the depthwise sweep adds into
                                // it): zeros first.
                                target.initialize(repeating: 0, count: groupFilters * outputSize)
                            }
                            guard let (xBase, wBase) = operands else { continue }
                            let planes = xBase + (item * plan.channels + group * groupChannels) * inputSize
                            if let sweep {
                                let kernel = wBase + group * rows
                                DepthwiseConv.accumulate(
                                    planes,
                                    kernel: kernel,
                                    geometry: g,
                                    sweep: sweep,
                                    into: target
                                )
                                continue
                            }
                            if !direct { Im2Col.unroll(planes, channels: groupChannels, geometry: g, into: scratch) }
                            T.gemm(
                                backend,
                                GemmShape(m: groupFilters, n: outputSize, k: rows, beta: bias == nil ? 0 : 1),
                                a: wBase + group * groupFilters * rows,
                                b: direct ? planes : UnsafePointer(scratch),
                                c: target
                            )
                        }
                    }
                }
            }
        }
        if clamp {
            for index in output.indices where output[index] < 0 { output[index] = 0 }
        }
        return Tensor(shape: plan.outputShape, values: output)
    }

    /// Per image and group: the input padded, unrolled by whole rows, multiplied onto the bias, and compacted into
    /// the output (``PaddedConv``).
    private static func convolvePadded<T: NeuralElement>(
        _ input: [T],
        _ weights: [T],
        bias: [T]?,
        _ plan: Plan,
        _ layout: PaddedConv,
        rows: Int,
        count: Int,
        clamp: Bool,
        context: ExecutionContext
    ) throws(KServeError) -> Tensor {
        let g = plan.geometry
        let (groupChannels, groupFilters) = (plan.groupChannels, plan.groupFilters)
        let (inputSize, outputSize) = (g.inputSize, g.outputSize)
        let sizes = try layout.scratchCounts(channels: groupChannels, rows: rows, filters: groupFilters)
        let total = try NeuralSupport.sum(sizes.padded, sizes.unrolled, sizes.product)
        try context.reserve(elements: total, of: T.elementType)
        let scratch = UnsafeMutablePointer<T>.allocate(capacity: max(1, total))
        scratch.initialize(repeating: 0, count: total)
        defer { scratch.deallocate() }
        let (padded, unrolled, product) = (scratch, scratch + sizes.padded, scratch + sizes.padded + sizes.unrolled)
        let backend = context.backend
        let output: [T] = NeuralSupport.array(count: count) { out in
            guard let outBase = out.baseAddress else { return }
            input.withUnsafeBufferPointer { x in
                weights.withUnsafeBufferPointer { w in
                    (bias ?? []).withUnsafeBufferPointer { b in
                        guard let xBase = x.baseAddress, let wBase = w.baseAddress else { return }
                        for item in 0..<plan.batch {
                            for group in 0..<plan.group {
                                let planes = xBase + (item * plan.channels + group * groupChannels) * inputSize
                                layout.pad(planes, channels: groupChannels, g, into: padded)
                                layout.unroll(padded, channels: groupChannels, g, into: unrolled)
                                let groupBias = bias == nil ? nil : b.baseAddress.map { $0 + group * groupFilters }
                                layout.fillBias(product, filters: groupFilters, bias: groupBias)
                                T.gemm(
                                    backend,
                                    GemmShape(m: groupFilters, n: layout.columns, k: rows, beta: 1),
                                    a: wBase + group * groupFilters * rows,
                                    b: unrolled,
                                    c: product
                                )
                                let target = outBase + (item * plan.filters + group * groupFilters) * outputSize
                                layout.compact(product, filters: groupFilters, clamp: clamp, into: target)
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: plan.outputShape, values: output)
    }
}
