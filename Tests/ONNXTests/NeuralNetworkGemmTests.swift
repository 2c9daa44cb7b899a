import Compute
import Core
import Testing

@testable import ONNX

/// Builds one node of the neural-network family through the standard registry and runs it, for these tests.
enum NeuralNetworkHarness {
    static func run(
        _ opType: String,
        opset: Int = 22,
        attributes: [String: Attribute] = [:],
        inputs: [Tensor?],
        outputs: Int = 1,
        backend: any ComputeBackend = CPUBackend()
    ) throws(KServeError) -> [Tensor] {
        let node = NodeDescription(
            name: "test",
            opType: opType,
            opsetVersion: opset,
            inputs: inputs.indices.map { inputs[$0] == nil ? "" : "input\($0)" },
            outputs: (0..<outputs).map { "output\($0)" },
            attributes: NodeAttributes(attributes)
        )
        let instance = try OperatorRegistry.standard.makeOperator(node)
        return try instance.run(OperatorInputs(inputs), context: ExecutionContext(backend: backend))
    }

    /// The first output's floats; records an issue and returns [] when the run fails.
    static func floats(
        _ opType: String,
        opset: Int = 22,
        attributes: [String: Attribute] = [:],
        inputs: [Tensor?]
    ) -> (shape: [Int], values: [Float]) {
        do {
            let output = try run(opType, opset: opset, attributes: attributes, inputs: inputs)[0]
            return (output.shape, output.values(Float.self) ?? [])
        } catch {
            Issue.record("\(opType) failed: \(error)")
            return ([], [])
        }
    }

    /// The error a run fails with, or nil when it succeeds.
    static func error(
        _ opType: String,
        opset: Int = 22,
        attributes: [String: Attribute] = [:],
        inputs: [Tensor?]
    ) -> KServeError? {
        do {
            _ = try run(opType, opset: opset, attributes: attributes, inputs: inputs)
            return nil
        } catch {
            return error
        }
    }

    /// Deterministic values in [-1, 1] (64-bit LCG).
    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int((state >> 33) % 2001) - 1000) / 1000
        }
    }

    static func expectClose(
        _ actual: [Float],
        _ expected: [Float],
        tolerance: Float = 1e-4,
        _ comment: Comment? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(actual.count == expected.count, comment, sourceLocation: sourceLocation)
        let worst = zip(actual, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(worst <= tolerance, comment, sourceLocation: sourceLocation)
    }
}

/// Gemm and MatMul against naive loops: C broadcasting, transposes, 1-D MatMul operands, batch broadcasting, errors.
struct NeuralNetworkGemmTests {
    typealias Harness = NeuralNetworkHarness

    /// `alpha * op(A) * op(B) + beta * C` with C read through broadcasting strides.
    static func naiveGemm(
        _ a: [Float],
        _ b: [Float],
        c: (values: [Float], shape: [Int])?,
        m: Int,
        n: Int,
        k: Int,
        transposeA: Bool,
        transposeB: Bool,
        alpha: Float,
        beta: Float
    ) -> [Float] {
        var result = [Float](repeating: 0, count: m * n)
        for row in 0..<m {
            for column in 0..<n {
                var sum: Float = 0
                for inner in 0..<k {
                    let left = transposeA ? a[inner * m + row] : a[row * k + inner]
                    let right = transposeB ? b[column * k + inner] : b[inner * n + column]
                    sum += left * right
                }
                var bias: Float = 0
                if let c {
                    let shape = [Int](repeating: 1, count: 2 - c.shape.count) + c.shape
                    let cRow = shape[0] == 1 ? 0 : row
                    let cColumn = shape[1] == 1 ? 0 : column
                    bias = c.values[cRow * shape[1] + cColumn]
                }
                result[row * n + column] = alpha * sum + beta * bias
            }
        }
        return result
    }

    @Test(arguments: [[], [1], [5], [1, 5], [3, 1], [3, 5], [1, 1]])
    func gemmBroadcastsC(cShape: [Int]) {
        let (m, n, k) = (3, 5, 4)
        let a = Harness.random(m * k, seed: 1)
        let b = Harness.random(k * n, seed: 2)
        let c = Harness.random(cShape.reduce(1, *), seed: 3)
        let result = Harness.floats(
            "Gemm",
            opset: 13,
            attributes: ["alpha": .float(0.5), "beta": .float(2)],
            inputs: [
                Tensor(shape: [m, k], floats: a), Tensor(shape: [k, n], floats: b), Tensor(shape: cShape, floats: c),
            ]
        )
        let expected = Self.naiveGemm(
            a,
            b,
            c: (c, cShape),
            m: m,
            n: n,
            k: k,
            transposeA: false,
            transposeB: false,
            alpha: 0.5,
            beta: 2
        )
        #expect(result.shape == [m, n])
        Harness.expectClose(result.values, expected)
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmTransposes(transposeA: Bool, transposeB: Bool) {
        let (m, n, k) = (4, 6, 7)
        let a = Harness.random(m * k, seed: 4)
        let b = Harness.random(k * n, seed: 5)
        let c = Harness.random(n, seed: 6)
        let result = Harness.floats(
            "Gemm",
            attributes: ["transA": .int(transposeA ? 1 : 0), "transB": .int(transposeB ? 1 : 0)],
            inputs: [
                Tensor(shape: transposeA ? [k, m] : [m, k], floats: a),
                Tensor(shape: transposeB ? [n, k] : [k, n], floats: b),
                Tensor(shape: [n], floats: c),
            ]
        )
        let expected = Self.naiveGemm(
            a,
            b,
            c: (c, [n]),
            m: m,
            n: n,
            k: k,
            transposeA: transposeA,
            transposeB: transposeB,
            alpha: 1,
            beta: 1
        )
        Harness.expectClose(result.values, expected)
    }

    @Test func gemmWithoutCAndWithBetaZero() {
        let a = Harness.random(6, seed: 7)
        let b = Harness.random(6, seed: 8)
        let expected = Self.naiveGemm(
            a,
            b,
            c: nil,
            m: 2,
            n: 2,
            k: 3,
            transposeA: false,
            transposeB: false,
            alpha: 1,
            beta: 0
        )
        let withoutC = Harness.floats(
            "Gemm",
            inputs: [Tensor(shape: [2, 3], floats: a), Tensor(shape: [3, 2], floats: b)]
        )
        Harness.expectClose(withoutC.values, expected)
        // beta 0: C is not read, even a NaN one.
        let betaZero = Harness.floats(
            "Gemm",
            attributes: ["beta": .float(0)],
            inputs: [
                Tensor(shape: [2, 3], floats: a), Tensor(shape: [3, 2], floats: b),
                Tensor(shape: [2, 2], floats: [.nan, .nan, .nan, .nan]),
            ]
        )
        Harness.expectClose(betaZero.values, expected)
    }

    @Test func gemmRunsInDouble() throws {
        let output = try Harness.run(
            "Gemm",
            inputs: [
                Tensor(shape: [1, 2], values: [1.5, 2.0] as [Double]),
                Tensor(shape: [2, 1], values: [2.0, 4.0] as [Double]),
                Tensor(shape: [1], values: [0.25] as [Double]),
            ]
        )
        #expect(output[0].values(Double.self) == [11.25])
    }

    @Test func gemmErrors() {
        let a = Tensor(shape: [2, 3], floats: Harness.random(6, seed: 9))
        let wrongInner = Tensor(shape: [4, 2], floats: Harness.random(8, seed: 10))
        #expect(Harness.error("Gemm", inputs: [a, wrongInner])?.code == .invalidInput)
        let b = Tensor(shape: [3, 2], floats: Harness.random(6, seed: 11))
        let badC = Tensor(shape: [3], floats: [1, 2, 3])
        #expect(Harness.error("Gemm", inputs: [a, b, badC])?.code == .invalidInput)
        let vector = Tensor(shape: [3], floats: [1, 2, 3])
        #expect(Harness.error("Gemm", inputs: [vector, b])?.code == .invalidInput)
        let doubles = Tensor(shape: [3, 2], values: [Double](repeating: 1, count: 6))
        #expect(Harness.error("Gemm", inputs: [a, doubles])?.code == .invalidInput)
        let strings = Tensor(shape: [2, 3], storage: .string([[UInt8]](repeating: [], count: 6)))
        #expect(Harness.error("Gemm", inputs: [strings, b])?.code == .invalidInput)
    }

    /// numpy's matmul over stacks of matrices: `a [..., m, k]` times `b [..., k, n]`, batches broadcast.
    static func naiveMatMul(_ a: [Float], _ aShape: [Int], _ b: [Float], _ bShape: [Int]) -> [Float] {
        let (m, k, n) = (aShape[aShape.count - 2], aShape[aShape.count - 1], bShape[bShape.count - 1])
        let batchA = Array(aShape.dropLast(2))
        let batchB = Array(bShape.dropLast(2))
        let rank = max(batchA.count, batchB.count)
        let paddedA = [Int](repeating: 1, count: rank - batchA.count) + batchA
        let paddedB = [Int](repeating: 1, count: rank - batchB.count) + batchB
        let batch = zip(paddedA, paddedB).map { max($0, $1) }
        var result: [Float] = []
        for flat in 0..<batch.reduce(1, *) {
            var remainder = flat
            var indexA = 0
            var indexB = 0
            var strideA = 1
            var strideB = 1
            for axis in (0..<rank).reversed() {
                let position = remainder % batch[axis]
                remainder /= batch[axis]
                indexA += (paddedA[axis] == 1 ? 0 : position) * strideA
                indexB += (paddedB[axis] == 1 ? 0 : position) * strideB
                strideA *= paddedA[axis]
                strideB *= paddedB[axis]
            }
            for row in 0..<m {
                for column in 0..<n {
                    var sum: Float = 0
                    for inner in 0..<k {
                        sum += a[indexA * m * k + row * k + inner] * b[indexB * k * n + inner * n + column]
                    }
                    result.append(sum)
                }
            }
        }
        return result
    }

    @Test(arguments: [
        ([2, 3, 4], [2, 4, 5], [2, 3, 5]),
        ([3, 1, 3, 4], [1, 2, 4, 2], [3, 2, 3, 2]),
        ([2, 2, 3, 4], [4, 5], [2, 2, 3, 5]),
        ([3, 4], [2, 4, 5], [2, 3, 5]),
        ([1, 3, 4], [1, 1, 4, 5], [1, 1, 3, 5]),
    ])
    func matMulBroadcastsBatches(aShape: [Int], bShape: [Int], outputShape: [Int]) {
        let a = Harness.random(aShape.reduce(1, *), seed: 12)
        let b = Harness.random(bShape.reduce(1, *), seed: 13)
        let result = Harness.floats(
            "MatMul",
            opset: 13,
            inputs: [Tensor(shape: aShape, floats: a), Tensor(shape: bShape, floats: b)]
        )
        #expect(result.shape == outputShape)
        Harness.expectClose(result.values, Self.naiveMatMul(a, aShape, b, bShape))
    }

    @Test func matMulWithOneDimensionalOperands() throws {
        let vector = Tensor(shape: [3], floats: [1, 2, 3])
        // 1-D times 1-D: the dot product, a scalar.
        let dot = Harness.floats("MatMul", inputs: [vector, vector])
        #expect(dot.shape == [])
        #expect(dot.values == [14])
        // 1-D A is a row: [3] x [2, 3, 2] -> [2, 2].
        let stack = Harness.random(12, seed: 14)
        let left = Harness.floats("MatMul", inputs: [vector, Tensor(shape: [2, 3, 2], floats: stack)])
        #expect(left.shape == [2, 2])
        Harness.expectClose(left.values, Self.naiveMatMul([1, 2, 3], [1, 3], stack, [2, 3, 2]))
        // 1-D B is a column: [2, 2, 3] x [3] -> [2, 2].
        let right = Harness.floats("MatMul", inputs: [Tensor(shape: [2, 2, 3], floats: stack), vector])
        #expect(right.shape == [2, 2])
        Harness.expectClose(right.values, Self.naiveMatMul(stack, [2, 2, 3], [1, 2, 3], [3, 1]))
    }

    @Test func matMulOfIntegersAndHalves() throws {
        let integers = try Harness.run(
            "MatMul",
            inputs: [Tensor(shape: [1, 2], int64s: [2, 3]), Tensor(shape: [2, 1], int64s: [4, 5])]
        )
        #expect(integers[0].values(Int64.self) == [23])
        let half = { (values: [Float]) in values.map { HalfPrecision.fp16Bits($0) } }
        let halves = try Harness.run(
            "MatMul",
            inputs: [
                Tensor(shape: [1, 2], storage: .float16(half([0.5, 1]))),
                Tensor(shape: [2, 1], storage: .float16(half([2, 3]))),
            ]
        )
        #expect(halves[0].storage == .float16(half([4])))
    }

    @Test func matMulWithAnEmptyInnerDimensionIsZeros() {
        let result = Harness.floats(
            "MatMul",
            inputs: [Tensor(shape: [2, 0], floats: []), Tensor(shape: [0, 3], floats: [])]
        )
        #expect(result.shape == [2, 3])
        #expect(result.values == [Float](repeating: 0, count: 6))
    }

    @Test func matMulErrors() {
        let a = Tensor(shape: [2, 3], floats: Harness.random(6, seed: 15))
        let mismatched = Tensor(shape: [4, 2], floats: Harness.random(8, seed: 16))
        let error = Harness.error("MatMul", inputs: [a, mismatched])
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("inner dimensions") == true)
        let scalar = Tensor(shape: [], floats: [1])
        #expect(Harness.error("MatMul", inputs: [scalar, a])?.code == .invalidInput)
        let batchA = Tensor(shape: [2, 2, 3], floats: Harness.random(12, seed: 17))
        let batchB = Tensor(shape: [3, 3, 2], floats: Harness.random(18, seed: 18))
        #expect(Harness.error("MatMul", inputs: [batchA, batchB])?.code == .invalidInput)
        let integers = Tensor(shape: [3, 2], int64s: [1, 2, 3, 4, 5, 6])
        #expect(Harness.error("MatMul", inputs: [a, integers])?.code == .invalidInput)
        #expect(Harness.error("MatMul", inputs: [a])?.code == .invalidInput)
    }

    /// The reference backend gives the same answers: operators reach products only through the context's backend.
    @Test func productsGoThroughTheContextBackend() throws {
        let a = Tensor(shape: [3, 4], floats: Harness.random(12, seed: 19))
        let b = Tensor(shape: [4, 5], floats: Harness.random(20, seed: 20))
        let fast = try Harness.run("MatMul", inputs: [a, b])[0].values(Float.self) ?? []
        let reference =
            try Harness.run("MatMul", inputs: [a, b], backend: ReferenceBackend())[0].values(Float.self) ?? []
        Harness.expectClose(fast, reference, tolerance: 1e-5)
    }
}
