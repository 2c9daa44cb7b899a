import Compute
import Core

/// MatMul with numpy's semantics: a 1-D A is a row `[1, K]` and a 1-D B a column `[K, 1]` (the added axis is dropped
/// from the result), and the dimensions before the last two broadcast.
///
/// When B has no batch (a weight matrix), A's batches are stacked into one product of `batch * M` rows.
struct MatMulOperator: Operator {
    /// The dimensions of one MatMul.
    struct Plan: Equatable {
        var batch: [Int]
        var batchA: [Int]
        var batchB: [Int]
        var m: Int
        var k: Int
        var n: Int
        var outputShape: [Int]
    }

    static func make(_: NodeDescription) throws(KServeError) -> any Operator { MatMulOperator() }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let a = try inputs.required(0)
        let b = try inputs.required(1)
        let plan = try Self.plan(a.shape, b.shape)
        switch a.storage {
        case .float(let left):
            let right = try NeuralSupport.values(b, as: Float.self, input: "B")
            return [try Self.product(left, right, plan, context: context)]
        case .double(let left):
            let right = try NeuralSupport.values(b, as: Double.self, input: "B")
            return [try Self.product(left, right, plan, context: context)]
        case .float16, .bfloat16:
            guard b.elementType == a.elementType, let left = NeuralSupport.widenedHalf(a),
                let right = NeuralSupport.widenedHalf(b)
            else {
                throw KServeError(
                    .invalidInput,
                    "MatMul inputs differ in type: A is \(a.elementType), B \(b.elementType)"
                )
            }
            let result = try Self.product(left, right, plan, context: context)
            return [
                Tensor(shape: result.shape, storage: NeuralSupport.narrowed(result.floats() ?? [], to: a.elementType))
            ]
        case .int32(let left):
            let right = try NeuralSupport.values(b, as: Int32.self, input: "B")
            return [try Self.integerProduct(left, right, plan, context: context)]
        case .int64(let left):
            let right = try NeuralSupport.values(b, as: Int64.self, input: "B")
            return [try Self.integerProduct(left, right, plan, context: context)]
        case .uint32(let left):
            let right = try NeuralSupport.values(b, as: UInt32.self, input: "B")
            return [try Self.integerProduct(left, right, plan, context: context)]
        case .uint64(let left):
            let right = try NeuralSupport.values(b, as: UInt64.self, input: "B")
            return [try Self.integerProduct(left, right, plan, context: context)]
        default:
            throw NeuralSupport.unsupportedType(
                "MatMul",
                a,
                expected: "float, double, float16, bfloat16, int32, int64, uint32 or uint64"
            )
        }
    }

    /// The product's dimensions, or an error for scalars, differing inner dimensions or batches that do not broadcast.
    static func plan(_ a: [Int], _ b: [Int]) throws(KServeError) -> Plan {
        guard !a.isEmpty, !b.isEmpty else {
            throw KServeError(
                .invalidInput,
                "MatMul takes tensors of rank 1 or more, got A \(Tensor.describe(a)) and B \(Tensor.describe(b))"
            )
        }
        let left = a.count == 1 ? [1] + a : a
        let right = b.count == 1 ? b + [1] : b
        let m = left[left.count - 2]
        let k = left[left.count - 1]
        let n = right[right.count - 1]
        guard right[right.count - 2] == k else {
            throw KServeError(
                .invalidInput,
                "MatMul inner dimensions differ: A \(Tensor.describe(a)) has \(k) columns,"
                    + " B \(Tensor.describe(b)) has \(right[right.count - 2]) rows"
            )
        }
        let batchA = Array(left.dropLast(2))
        let batchB = Array(right.dropLast(2))
        let batch = try Broadcasting.shape([batchA, batchB])
        var outputShape = batch
        if a.count > 1 { outputShape.append(m) }
        if b.count > 1 { outputShape.append(n) }
        return Plan(batch: batch, batchA: batchA, batchB: batchB, m: m, k: k, n: n, outputShape: outputShape)
    }

    private static func product<T: NeuralElement>(
        _ left: [T],
        _ right: [T],
        _ plan: Plan,
        context: ExecutionContext
    ) throws(KServeError) -> Tensor {
        let (m, k, n) = (plan.m, plan.k, plan.n)
        let count = try NeuralSupport.product(plan.outputShape)
        try context.reserve(elements: count, of: T.elementType)
        let backend = context.backend
        let output: [T] = NeuralSupport.array(count: count) { out in
            guard let outBase = out.baseAddress else { return }
            guard k > 0 else {
                out.initialize(repeating: 0)
                return
            }
            left.withUnsafeBufferPointer { a in
                right.withUnsafeBufferPointer { b in
                    guard let aBase = a.baseAddress, let bBase = b.baseAddress else { return }
                    if plan.batchB.allSatisfy({ $0 == 1 }) {
                        // One shared B: A's batches are consecutive rows of one product.
                        let rows = count / n
                        T.gemm(backend, GemmShape(m: rows, n: n, k: k), a: aBase, b: bBase, c: outBase)
                        return
                    }
                    let shape = GemmShape(m: m, n: n, k: k)
                    let stridesA = Broadcasting.strides(of: plan.batchA, in: plan.batch)
                    let stridesB = Broadcasting.strides(of: plan.batchB, in: plan.batch)
                    let (sizeA, sizeB, sizeC) = (m * k, k * n, m * n)
                    Broadcasting.forEach(plan.batch, strides: [stridesA, stridesB]) { index, sources in
                        T.gemm(
                            backend,
                            shape,
                            a: aBase + sources[0] * sizeA,
                            b: bBase + sources[1] * sizeB,
                            c: outBase + index * sizeC
                        )
                    }
                }
            }
        }
        return Tensor(shape: plan.outputShape, values: output)
    }

    /// Integer products wrap on overflow, as ONNX Runtime's do.
    private static func integerProduct<T: FixedWidthInteger & TensorElement>(
        _ left: [T],
        _ right: [T],
        _ plan: Plan,
        context: ExecutionContext
    ) throws(KServeError) -> Tensor {
        let (m, k, n) = (plan.m, plan.k, plan.n)
        let count = try NeuralSupport.product(plan.outputShape)
        try context.reserve(elements: count, of: T.elementType)
        var output = [T](repeating: 0, count: count)
        let stridesA = Broadcasting.strides(of: plan.batchA, in: plan.batch)
        let stridesB = Broadcasting.strides(of: plan.batchB, in: plan.batch)
        left.withUnsafeBufferPointer { a in
            right.withUnsafeBufferPointer { b in
                output.withUnsafeMutableBufferPointer { out in
                    Broadcasting.forEach(plan.batch, strides: [stridesA, stridesB]) { index, sources in
                        let aOffset = sources[0] * m * k
                        let bOffset = sources[1] * k * n
                        let cOffset = index * m * n
                        for row in 0..<m {
                            for inner in 0..<k {
                                let scale = a[aOffset + row * k + inner]
                                let source = bOffset + inner * n
                                let target = cOffset + row * n
                                for column in 0..<n { out[target + column] &+= scale &* b[source + column] }
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: plan.outputShape, values: output)
    }
}
