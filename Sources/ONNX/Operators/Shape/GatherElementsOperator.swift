import Compute
import Core

/// GatherElements: an output of the indices' shape whose element at each position is the data's element at that
/// position with the coordinate along `axis` replaced by the index there (negative counts from the end).
struct GatherElementsOperator: Operator {
    let axis: Int64

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        GatherElementsOperator(axis: try node.attributes.int("axis", default: 0))
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let data = try inputs.required(0)
        let indicesTensor = try inputs.required(1)
        guard indicesTensor.elementType == .int64 || indicesTensor.elementType == .int32 else {
            throw KServeError(.invalidInput, "indices must be int32 or int64, got \(indicesTensor.elementType)")
        }
        let axis = try Axes.normalize(self.axis, rank: data.rank)
        let shape = indicesTensor.shape
        guard shape.count == data.rank,
            shape.indices.allSatisfy({ $0 == axis || shape[$0] <= data.shape[$0] })
        else {
            throw KServeError(
                .invalidInput,
                "indices of shape \(Tensor.describe(shape)) do not fit data of shape \(Tensor.describe(data.shape))"
                    + " outside axis \(axis)"
            )
        }
        let indices = try ShapeSupport.integers(indicesTensor, "indices")
        let dimension = data.shape[axis]
        let strides = Tensor.strides(data.shape)
        let axisStride = strides[axis]
        // Walk the indices' positions, keeping the data offset of the same coordinates without the axis term.
        var offsets = [Int](repeating: 0, count: indices.count)
        var counters = [Int](repeating: 0, count: shape.count)
        var base = 0
        for position in indices.indices {
            let index = indices[position]
            let resolved = index < 0 ? index + dimension : index
            guard resolved >= 0, resolved < dimension else {
                throw KServeError(
                    .invalidInput,
                    "index \(index) is out of range for axis \(axis) of size \(dimension)"
                )
            }
            offsets[position] = base + resolved * axisStride
            var current = shape.count - 1
            while current >= 0 {
                counters[current] += 1
                if current != axis { base += strides[current] }
                if counters[current] < shape[current] { break }
                if current != axis { base -= strides[current] * shape[current] }
                counters[current] = 0
                current -= 1
            }
        }
        return [Tensor(shape: shape, storage: try data.storage.moved(with: FlatGather(offsets: offsets)))]
    }
}

/// Output element `i` is source element `offsets[i]`; the caller guarantees every offset is in range.
struct FlatGather: StorageMover {
    let offsets: [Int]

    func move<T>(_ inputs: [[T]]) throws(KServeError) -> [[T]] {
        guard let source = inputs.first else { return [] }
        let output = [T](unsafeUninitializedCapacity: offsets.count) { buffer, initialized in
            source.withUnsafeBufferPointer { sourceBuffer in
                offsets.withUnsafeBufferPointer { table in
                    guard let out = buffer.baseAddress, let src = sourceBuffer.baseAddress else { return }
                    for position in 0..<table.count {
                        (out + position).initialize(to: src[table[position]])
                    }
                    initialized = table.count
                }
            }
        }
        return [output]
    }
}
