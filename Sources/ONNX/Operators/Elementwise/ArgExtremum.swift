import Compute
import Core

/// ArgMax and ArgMin: the int64 index of the largest (smallest) element along `axis` (default 0), the first one
/// unless `select_last_index` (opset 12) asks for the last; `keepdims` (default 1) keeps the axis as size 1.
struct ArgExtremum: Operator {
    let axis: Int64
    let keepDims: Bool
    let selectLast: Bool
    let largest: Bool

    static func make(largest: Bool) -> OperatorFactory {
        { (node: NodeDescription) throws(KServeError) -> any Operator in
            ArgExtremum(
                axis: try node.attributes.int("axis", default: 0),
                keepDims: try node.attributes.int("keepdims", default: 1) != 0,
                selectLast: try node.attributes.int("select_last_index", default: 0) != 0,
                largest: largest
            )
        }
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try inputs.required(0)
        guard try Tensor.elementCount(input.shape) == input.count else {
            throw KServeError(
                .invalidInput,
                "a tensor of shape \(Tensor.describe(input.shape)) holds \(input.count) elements"
            )
        }
        let shape = input.shape
        let resolved = try Axes.normalize(axis, rank: shape.count)
        let n = shape[resolved]
        var outputShape = shape
        if keepDims { outputShape[resolved] = 1 } else { outputShape.remove(at: resolved) }
        let outer = try Tensor.elementCount(Array(shape[..<resolved]))
        let inner = try Tensor.elementCount(Array(shape[(resolved + 1)...]))
        let outputCount = try Tensor.elementCount(outputShape)
        if outputCount == 0 { return [Tensor(shape: outputShape, storage: .int64([]))] }
        guard n > 0 else {
            throw KServeError(.invalidInput, "cannot take the arg\(largest ? "max" : "min") of an empty axis")
        }
        let x = HalfPrecisionBridge.widened(input)
        let kernel = Kernel(x: x, outer: outer, n: n, inner: inner, selectLast: selectLast, largest: largest)
        let indices = try ElementDispatch.numeric(x.elementType, kernel)
        return [Tensor(shape: outputShape, storage: .int64(indices))]
    }

    private struct Kernel: NumericVisitor {
        let x: Tensor
        let outer: Int
        let n: Int
        let inner: Int
        let selectLast: Bool
        let largest: Bool

        func visit<T: NumericElement>(_: T.Type) throws(KServeError) -> [Int64] {
            let values = try ElementDispatch.values(x, as: T.self)
            // Comparing as `better(candidate, best)` keeps the first extremum; also taking ties keeps the last.
            switch (largest, selectLast) {
            case (true, false): return scan(values) { $0 > $1 }
            case (true, true): return scan(values) { $0 >= $1 }
            case (false, false): return scan(values) { $0 < $1 }
            case (false, true): return scan(values) { $0 <= $1 }
            }
        }

        @inline(__always)
        private func scan<T>(_ values: [T], _ better: (T, T) -> Bool) -> [Int64] {
            var indices = [Int64](repeating: 0, count: outer * inner)
            values.withUnsafeBufferPointer { source in
                indices.withUnsafeMutableBufferPointer { target in
                    for o in 0..<outer {
                        for j in 0..<inner {
                            let base = o * n * inner + j
                            var best = source[base]
                            var bestIndex = 0
                            for k in 1..<n {
                                let candidate = source[base + k * inner]
                                if better(candidate, best) {
                                    best = candidate
                                    bestIndex = k
                                }
                            }
                            target[o * inner + j] = Int64(bestIndex)
                        }
                    }
                }
            }
            return indices
        }
    }
}
