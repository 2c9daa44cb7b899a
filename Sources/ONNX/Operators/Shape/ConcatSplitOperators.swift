import Compute
import Core

/// Concat: the inputs joined along `axis`; every other dimension must match.
struct ConcatOperator: Operator {
    let axis: Int64

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        // Opset 1 defaulted the axis to 1; from opset 4 it is required.
        if let axis = try node.attributes.int("axis") { return ConcatOperator(axis: axis) }
        guard node.opsetVersion < 4 else { throw KServeError(.invalidInput, "attribute axis is missing") }
        return ConcatOperator(axis: 1)
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        var tensors: [Tensor] = []
        for index in 0..<inputs.count { tensors.append(try inputs.required(index)) }
        guard let first = tensors.first else { throw KServeError(.invalidInput, "Concat needs at least one input") }
        let axis = try Axes.normalize(self.axis, rank: first.rank)
        var shape = first.shape
        shape[axis] = 0
        for (index, tensor) in tensors.enumerated() {
            guard tensor.rank == first.rank,
                tensor.shape.indices.allSatisfy({ $0 == axis || tensor.shape[$0] == first.shape[$0] })
            else {
                throw KServeError(
                    .invalidInput,
                    "input \(index) of shape \(Tensor.describe(tensor.shape)) does not match input 0 of shape"
                        + " \(Tensor.describe(first.shape)) outside axis \(axis)"
                )
            }
            shape[axis] += tensor.shape[axis]
        }
        if tensors.count == 1 { return [first] }
        try ShapeSupport.reserve(shape, of: first.elementType, context: context)
        let outer = first.shape[..<axis].reduce(1, *)
        let inner = first.shape[(axis + 1)...].reduce(1, *)
        let chunks = tensors.map { $0.shape[axis] * inner }
        let storage = try TensorStorage.moved(tensors.map(\.storage), with: Concatenation(outer: outer, chunks: chunks))
        return [Tensor(shape: shape, storage: storage[0])]
    }

    /// Interleaves each input's `chunks[i]`-element blocks, `outer` times.
    private struct Concatenation: StorageMover {
        let outer: Int
        let chunks: [Int]

        func move<T>(_ inputs: [[T]]) throws(KServeError) -> [[T]] {
            let total = outer * chunks.reduce(0, +)
            let output = [T](unsafeUninitializedCapacity: total) { buffer, initialized in
                guard let out = buffer.baseAddress else { return }
                var position = 0
                for block in 0..<outer {
                    for (input, chunk) in zip(inputs, chunks) where chunk > 0 {
                        input.withUnsafeBufferPointer { source in
                            guard let src = source.baseAddress else { return }
                            (out + position).initialize(from: src + block * chunk, count: chunk)
                        }
                        position += chunk
                    }
                }
                initialized = total
            }
            return [output]
        }
    }
}

/// Split: cuts the input along `axis` into the node's outputs, by the `split` sizes (an attribute before opset 13,
/// an input from it), or into `num_outputs` parts of ceil(size / n) with a smaller last one (opset 18), or into
/// equal parts.
struct SplitOperator: Operator {
    let axis: Int64
    let outputCount: Int
    let attributeSplit: [Int]?
    let splitFromInput: Bool
    let numOutputs: Int?

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        let axis = try node.attributes.int("axis", default: 0)
        let outputCount = node.outputs.count
        guard outputCount > 0 else { throw KServeError(.invalidInput, "Split has no outputs") }
        let attributeSplit: [Int]?
        if node.opsetVersion < 13 {
            attributeSplit = try node.attributes.ints("split")?.map { Int($0) }
        } else {
            attributeSplit = nil
        }
        var numOutputs: Int?
        if node.opsetVersion >= 18, let count = try node.attributes.int("num_outputs") {
            guard count == Int64(outputCount) else {
                throw KServeError(
                    .invalidInput,
                    "attribute num_outputs is \(count), the node has \(outputCount) outputs"
                )
            }
            numOutputs = Int(count)
        }
        if let attributeSplit, attributeSplit.count != outputCount {
            throw KServeError(
                .invalidInput,
                "attribute split has \(attributeSplit.count) sizes, the node has \(outputCount) outputs"
            )
        }
        // Opset 1 also took the sizes as an optional second input.
        let splitFromInput = node.opsetVersion >= 13 || (node.opsetVersion < 2 && attributeSplit == nil)
        return SplitOperator(
            axis: axis,
            outputCount: outputCount,
            attributeSplit: attributeSplit,
            splitFromInput: splitFromInput,
            numOutputs: numOutputs
        )
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let data = try inputs.required(0)
        let axis = try Axes.normalize(self.axis, rank: data.rank)
        let dimension = data.shape[axis]
        let sizes = try self.sizes(inputs, dimension: dimension)
        let outer = data.shape[..<axis].reduce(1, *)
        let inner = data.shape[(axis + 1)...].reduce(1, *)
        let storages = try TensorStorage.moved(
            [data.storage],
            with: Splitting(outer: outer, chunks: sizes.map { $0 * inner })
        )
        return zip(sizes, storages).map { size, storage in
            var shape = data.shape
            shape[axis] = size
            return Tensor(shape: shape, storage: storage)
        }
    }

    private func sizes(_ inputs: OperatorInputs, dimension: Int) throws(KServeError) -> [Int] {
        var sizes = attributeSplit
        if splitFromInput, let split = inputs.optional(1) {
            sizes = try ShapeSupport.integerList(split, "split")
        }
        if let sizes {
            guard sizes.count == outputCount, sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == dimension else {
                throw KServeError(
                    .invalidInput,
                    "split sizes \(Tensor.describe(sizes)) must be \(outputCount) non-negative sizes adding up to"
                        + " the axis size \(dimension)"
                )
            }
            return sizes
        }
        if numOutputs != nil {
            let chunk = (dimension + outputCount - 1) / outputCount
            let last = dimension - chunk * (outputCount - 1)
            guard last >= 0 else {
                throw KServeError(
                    .invalidInput,
                    "an axis of size \(dimension) cannot be split into \(outputCount) parts of \(chunk)"
                )
            }
            return [Int](repeating: chunk, count: outputCount - 1) + [last]
        }
        guard dimension % outputCount == 0 else {
            throw KServeError(
                .invalidInput,
                "an axis of size \(dimension) cannot be split into \(outputCount) equal parts"
            )
        }
        return [Int](repeating: dimension / outputCount, count: outputCount)
    }

    /// Deals each `outer` block's consecutive `chunks` out to the outputs.
    private struct Splitting: StorageMover {
        let outer: Int
        let chunks: [Int]

        func move<T>(_ inputs: [[T]]) throws(KServeError) -> [[T]] {
            guard let source = inputs.first else { return [] }
            let width = chunks.reduce(0, +)
            var outputs: [[T]] = []
            outputs.reserveCapacity(chunks.count)
            var start = 0
            source.withUnsafeBufferPointer { sourceBuffer in
                for chunk in chunks {
                    let total = outer * chunk
                    let output = [T](unsafeUninitializedCapacity: total) { buffer, initialized in
                        guard let out = buffer.baseAddress, let src = sourceBuffer.baseAddress else { return }
                        for block in 0..<outer {
                            (out + block * chunk).initialize(from: src + block * width + start, count: chunk)
                        }
                        initialized = total
                    }
                    outputs.append(output)
                    start += chunk
                }
            }
            return outputs
        }
    }
}
