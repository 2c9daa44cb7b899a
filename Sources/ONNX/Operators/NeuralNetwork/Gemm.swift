import Compute
import Core

/// Gemm: `Y = alpha * op(A) * op(B) + beta * C`, A and B matrices, C (optional from opset 11) broadcast to `[M, N]`.
///
/// C is copied into the output first and the backend's product adds onto it with its `beta`, so a bias costs no
/// extra pass.
struct GemmOperator: Operator {
    let transposeA: Bool
    let transposeB: Bool
    let alpha: Double
    let beta: Double

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        let attributes = node.attributes
        return GemmOperator(
            transposeA: try attributes.int("transA", default: 0) != 0,
            transposeB: try attributes.int("transB", default: 0) != 0,
            alpha: Double(try attributes.float("alpha", default: 1)),
            beta: Double(try attributes.float("beta", default: 1))
        )
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let a = try inputs.required(0)
        let b = try inputs.required(1)
        let c = inputs.optional(2)
        guard a.rank == 2, b.rank == 2 else {
            throw KServeError(
                .invalidInput,
                "Gemm takes matrices, got A \(Tensor.describe(a.shape)) and B \(Tensor.describe(b.shape))"
            )
        }
        let m = transposeA ? a.shape[1] : a.shape[0]
        let k = transposeA ? a.shape[0] : a.shape[1]
        let innerB = transposeB ? b.shape[1] : b.shape[0]
        let n = transposeB ? b.shape[0] : b.shape[1]
        guard k == innerB else {
            throw KServeError(
                .invalidInput,
                "Gemm inner dimensions differ: op(A) is \(m)x\(k), op(B) is \(innerB)x\(n)"
                    + " (A \(Tensor.describe(a.shape)), B \(Tensor.describe(b.shape)))"
            )
        }
        if let c { try Self.checkBias(c.shape, m: m, n: n) }
        let bias = beta == 0 ? nil : c
        let dimensions = (m: m, n: n, k: k)
        switch a.storage {
        case .float(let left):
            let right = try NeuralSupport.values(b, as: Float.self, input: "B")
            return [try product(left, right, bias: bias, dimensions, context: context)]
        case .double(let left):
            let right = try NeuralSupport.values(b, as: Double.self, input: "B")
            return [try product(left, right, bias: bias, dimensions, context: context)]
        case .float16, .bfloat16:
            guard b.elementType == a.elementType, c == nil || c?.elementType == a.elementType,
                let left = NeuralSupport.widenedHalf(a), let right = NeuralSupport.widenedHalf(b)
            else {
                throw KServeError(
                    .invalidInput,
                    "Gemm inputs differ in type: A is \(a.elementType), B \(b.elementType)"
                )
            }
            let wideBias = bias.flatMap { tensor in
                NeuralSupport.widenedHalf(tensor).map { Tensor(shape: tensor.shape, floats: $0) }
            }
            let result = try product(left, right, bias: wideBias, dimensions, context: context)
            return [
                Tensor(shape: result.shape, storage: NeuralSupport.narrowed(result.floats() ?? [], to: a.elementType))
            ]
        default:
            throw NeuralSupport.unsupportedType("Gemm", a, expected: "float, double, float16 or bfloat16")
        }
    }

    /// C must broadcast one way to `[M, N]`: rank at most 2, each dimension equal or 1.
    static func checkBias(_ shape: [Int], m: Int, n: Int) throws(KServeError) {
        let target = [m, n]
        let offset = 2 - shape.count
        guard shape.count <= 2,
            shape.indices.allSatisfy({ shape[$0] == 1 || shape[$0] == target[offset + $0] })
        else {
            throw KServeError(
                .invalidInput,
                "Gemm's C of shape \(Tensor.describe(shape)) does not broadcast to [\(m),\(n)]"
            )
        }
    }

    private func product<T: NeuralElement>(
        _ left: [T],
        _ right: [T],
        bias: Tensor?,
        _ dimensions: (m: Int, n: Int, k: Int),
        context: ExecutionContext
    ) throws(KServeError) -> Tensor {
        let (m, n, k) = dimensions
        let count = try NeuralSupport.multiply(m, n)
        try context.reserve(elements: count, of: T.elementType)
        let biasValues = try bias.map { (tensor: Tensor) throws(KServeError) in
            try NeuralSupport.values(tensor, as: T.self, input: "C")
        }
        let shape = GemmShape(
            transposeA: transposeA,
            transposeB: transposeB,
            m: m,
            n: n,
            k: k,
            alpha: alpha,
            beta: biasValues == nil ? 0 : beta
        )
        let backend = context.backend
        let output: [T] = NeuralSupport.array(count: count) { out in
            guard let outBase = out.baseAddress else { return }
            if let bias, let biasValues {
                Self.fillBias(biasValues, shape: bias.shape, into: outBase, m: m, n: n)
            }
            guard k > 0 else {
                // No products to add: the output is beta * C, or zeros.
                if biasValues == nil {
                    out.initialize(repeating: 0)
                } else {
                    let scale = T(beta)
                    for index in 0..<count { outBase[index] *= scale }
                }
                return
            }
            left.withUnsafeBufferPointer { a in
                right.withUnsafeBufferPointer { b in
                    guard let aBase = a.baseAddress, let bBase = b.baseAddress else { return }
                    T.gemm(backend, shape, a: aBase, b: bBase, c: outBase)
                }
            }
        }
        return Tensor(shape: [m, n], values: output)
    }

    /// Writes C broadcast to `[m, n]` (its shape already checked).
    private static func fillBias<T>(_ values: [T], shape: [Int], into out: UnsafeMutablePointer<T>, m: Int, n: Int) {
        let strides = Broadcasting.strides(of: shape, in: [m, n])
        let rowStride = strides[0]
        let columnStride = strides[1]
        values.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            for row in 0..<m {
                let target = out + row * n
                let from = base + row * rowStride
                if columnStride == 0 {
                    target.initialize(repeating: from[0], count: n)
                } else {
                    target.initialize(from: from, count: n)
                }
            }
        }
    }
}
