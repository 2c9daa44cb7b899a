import Compute
import Core

/// Softmax and LogSoftmax, for float, double, float16 and bfloat16.
///
/// Before opset 13 the input is coerced to 2-D at `axis` (default 1): each row of `shape[axis...]` elements is
/// normalised as one vector. From opset 13 the operator normalises along the single axis `axis` (default -1).
/// Either way the data is (outer, n, inner) with the vectors of n elements at stride `inner`; the classifier case
/// (the last axis, inner = 1) is one tight loop per row.
struct Softmax: Operator {
    let axis: Int64
    /// Coerce to 2-D (opsets 1 to 12) instead of normalising along one axis.
    let coercesTo2D: Bool
    let logarithmic: Bool

    static func make(logarithmic: Bool) -> OperatorFactory {
        { (node: NodeDescription) throws(KServeError) -> any Operator in
            let coerces = node.opsetVersion < 13
            let axis = try node.attributes.int("axis", default: coerces ? 1 : -1)
            return Softmax(axis: axis, coercesTo2D: coerces, logarithmic: logarithmic)
        }
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try inputs.required(0)
        let shape = input.shape
        guard try Tensor.elementCount(shape) == input.count else {
            throw KServeError(
                .invalidInput,
                "a tensor of shape \(Tensor.describe(shape)) holds \(input.count) elements"
            )
        }
        let geometry: Geometry
        if shape.isEmpty {
            // A scalar is one vector of one element (axis 0 and -1 both name it).
            guard axis == 0 || axis == -1 else {
                throw KServeError(.invalidInput, "axis \(axis) is out of range for rank 0")
            }
            geometry = Geometry(outer: 1, n: 1, inner: 1)
        } else if coercesTo2D {
            // The rank itself is a valid split point: every element is its own vector.
            let split = axis < 0 ? Int(axis) + shape.count : Int(axis)
            guard split >= 0, split <= shape.count else {
                throw KServeError(.invalidInput, "axis \(axis) is out of range for rank \(shape.count)")
            }
            geometry = Geometry(
                outer: try Tensor.elementCount(Array(shape[..<split])),
                n: try Tensor.elementCount(Array(shape[split...])),
                inner: 1
            )
        } else {
            let resolved = try Axes.normalize(axis, rank: shape.count)
            geometry = Geometry(
                outer: try Tensor.elementCount(Array(shape[..<resolved])),
                n: shape[resolved],
                inner: try Tensor.elementCount(Array(shape[(resolved + 1)...]))
            )
        }
        let x = HalfPrecisionBridge.widened(input)
        let storage = try ElementDispatch.floating(
            x.elementType,
            Kernel(x: x, geometry: geometry, logarithmic: logarithmic)
        )
        return [HalfPrecisionBridge.narrowed(Tensor(shape: shape, storage: storage), to: input.elementType)]
    }

    struct Geometry {
        var outer: Int
        var n: Int
        var inner: Int
    }

    private struct Kernel: FloatingVisitor {
        let x: Tensor
        let geometry: Geometry
        let logarithmic: Bool

        func visit<T: FloatingElement>(_: T.Type) throws(KServeError) -> TensorStorage {
            let values = try ElementDispatch.values(x, as: T.self)
            let count = values.count
            guard count > 0 else { return T.storage([]) }
            let result = [T](unsafeUninitializedCapacity: count) { out, initialized in
                values.withUnsafeBufferPointer { input in
                    if geometry.inner == 1 {
                        Self.rows(input, out, rows: geometry.outer, n: geometry.n, logarithmic: logarithmic)
                    } else {
                        Self.strided(input, out, geometry: geometry, logarithmic: logarithmic)
                    }
                }
                initialized = count
            }
            return T.storage(result)
        }

        /// Contiguous rows of `n`: the max, then e^(x - max) and its sum, then the scaling, each a tight loop.
        @inline(__always)
        private static func rows<T: FloatingElement>(
            _ input: UnsafeBufferPointer<T>,
            _ output: UnsafeMutableBufferPointer<T>,
            rows: Int,
            n: Int,
            logarithmic: Bool
        ) {
            guard n > 0, let source = input.baseAddress, let target = output.baseAddress else { return }
            for row in 0..<rows {
                let x = source + row * n
                let y = target + row * n
                var largest = x[0]
                for k in 1..<n where x[k] > largest { largest = x[k] }
                var sum: T = 0
                if logarithmic {
                    for k in 0..<n {
                        let shifted = x[k] - largest
                        (y + k).initialize(to: shifted)
                        sum += T.exponential(shifted)
                    }
                    let logSum = T.logarithm(sum)
                    for k in 0..<n { y[k] -= logSum }
                } else {
                    for k in 0..<n {
                        let e = T.exponential(x[k] - largest)
                        (y + k).initialize(to: e)
                        sum += e
                    }
                    let scale = 1 / sum
                    for k in 0..<n { y[k] *= scale }
                }
            }
        }

        /// Vectors at stride `inner` (an axis other than the last, from opset 13).
        private static func strided<T: FloatingElement>(
            _ input: UnsafeBufferPointer<T>,
            _ output: UnsafeMutableBufferPointer<T>,
            geometry: Geometry,
            logarithmic: Bool
        ) {
            let (n, inner) = (geometry.n, geometry.inner)
            guard n > 0, let source = input.baseAddress, let target = output.baseAddress else { return }
            for outer in 0..<geometry.outer {
                for j in 0..<inner {
                    let x = source + outer * n * inner + j
                    let y = target + outer * n * inner + j
                    var largest = x[0]
                    for k in 1..<n where x[k * inner] > largest { largest = x[k * inner] }
                    var sum: T = 0
                    for k in 0..<n {
                        let shifted = x[k * inner] - largest
                        let e = T.exponential(shifted)
                        (y + k * inner).initialize(to: logarithmic ? shifted : e)
                        sum += e
                    }
                    if logarithmic {
                        let logSum = T.logarithm(sum)
                        for k in 0..<n { y[k * inner] -= logSum }
                    } else {
                        let scale = 1 / sum
                        for k in 0..<n { y[k * inner] *= scale }
                    }
                }
            }
        }
    }
}
