import Core
import Testing

@testable import Compute

/// Float and Double, each sent to the backend's own overload.
protocol GemmTestElement: BinaryFloatingPoint {
    static func gemm(
        _ backend: any ComputeBackend,
        _ shape: GemmShape,
        a: UnsafePointer<Self>,
        b: UnsafePointer<Self>,
        c: UnsafeMutablePointer<Self>
    )
}

extension Float: GemmTestElement {
    static func gemm(
        _ backend: any ComputeBackend,
        _ shape: GemmShape,
        a: UnsafePointer<Float>,
        b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>
    ) {
        backend.gemm(shape, a: a, b: b, c: c)
    }
}

extension Double: GemmTestElement {
    static func gemm(
        _ backend: any ComputeBackend,
        _ shape: GemmShape,
        a: UnsafePointer<Double>,
        b: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>
    ) {
        backend.gemm(shape, a: a, b: b, c: c)
    }
}

/// The fast products (OpenBLAS through CPUBackend, and the built-in loop) against the reference loops: random shapes,
/// both transposes, alpha and beta, dense and strided operands, in Float and Double.
struct GemmTests {
    /// A small deterministic generator (64-bit LCG), so that a failure reproduces.
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }

        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }

        mutating func value() -> Double { Double(next() % 2001) / 1000 - 1 }
    }

    /// Random shapes: transposes, scalars and (for some) leading dimensions wider than the matrices.
    static func shapes(count: Int, seed: UInt64) -> [GemmShape] {
        var generator = Generator(state: seed)
        var shapes: [GemmShape] = []
        let scalars: [Double] = [0, 1, -1, 0.5, 2.5]
        for index in 0..<count {
            var shape = GemmShape(
                transposeA: index % 2 == 1,
                transposeB: (index / 2) % 2 == 1,
                m: generator.int(1...37),
                n: generator.int(1...41),
                k: generator.int(1...53),
                alpha: scalars[generator.int(1...4)],
                beta: scalars[generator.int(0...4)]
            )
            if index % 3 == 2 {
                shape.lda += generator.int(1...5)
                shape.ldb += generator.int(1...5)
                shape.ldc += generator.int(1...5)
            }
            shapes.append(shape)
        }
        return shapes
    }

    /// Elements that A, B and C need under `shape` (rows times leading dimension).
    static func sizes(_ shape: GemmShape) -> (a: Int, b: Int, c: Int) {
        let rowsA = shape.transposeA ? shape.k : shape.m
        let rowsB = shape.transposeB ? shape.n : shape.k
        return (rowsA * shape.lda, rowsB * shape.ldb, shape.m * shape.ldc)
    }

    static func compare<T: GemmTestElement>(
        _ type: T.Type,
        shape: GemmShape,
        generator: inout Generator,
        tolerance: Double
    ) {
        let (sizeA, sizeB, sizeC) = sizes(shape)
        let a = (0..<sizeA).map { _ in T(generator.value()) }
        let b = (0..<sizeB).map { _ in T(generator.value()) }
        let c = (0..<sizeC).map { _ in T(generator.value()) }
        var expected = c
        var fromCPU = c
        var fromBuiltin = c
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                guard let a = a.baseAddress, let b = b.baseAddress else { return }
                expected.withUnsafeMutableBufferPointer { out in
                    guard let out = out.baseAddress else { return }
                    ReferenceBackend.product(shape, a: a, b: b, c: out)
                }
                fromCPU.withUnsafeMutableBufferPointer { out in
                    guard let out = out.baseAddress else { return }
                    T.gemm(CPUBackend(), shape, a: a, b: b, c: out)
                }
                fromBuiltin.withUnsafeMutableBufferPointer { out in
                    guard let out = out.baseAddress else { return }
                    BuiltinGemm.product(shape, a: a, b: b, c: out)
                }
            }
        }
        for row in 0..<shape.m {
            for column in 0..<shape.ldc {
                let index = row * shape.ldc + column
                // Past the n columns C is padding: no product may touch it.
                let want = column < shape.n ? Double(expected[index]) : Double(c[index])
                let bound = tolerance * max(1, abs(want))
                #expect(abs(Double(fromCPU[index]) - want) <= bound, "CPU \(shape) at \(row),\(column)")
                #expect(abs(Double(fromBuiltin[index]) - want) <= bound, "builtin \(shape) at \(row),\(column)")
            }
        }
    }

    @Test func floatProductsMatchTheReference() {
        var generator = Generator(state: 7)
        for shape in Self.shapes(count: 48, seed: 11) {
            Self.compare(Float.self, shape: shape, generator: &generator, tolerance: 1e-4)
        }
    }

    @Test func doubleProductsMatchTheReference() {
        var generator = Generator(state: 5)
        for shape in Self.shapes(count: 48, seed: 13) {
            Self.compare(Double.self, shape: shape, generator: &generator, tolerance: 1e-11)
        }
    }

    /// One row or one column (batch-1 Gemm, MatMul by a vector) goes through gemv: every transpose, padded leading
    /// dimensions and the scalars, in both precisions.
    @Test func vectorProductsMatchTheReference() {
        var generator = Generator(state: 17)
        for (m, n) in [(1, 9), (1, 1), (7, 1), (1, 300)] {
            for index in 0..<16 {
                var shape = GemmShape(
                    transposeA: index % 2 == 1,
                    transposeB: (index / 2) % 2 == 1,
                    m: m,
                    n: n,
                    k: [1, 5, 784][index % 3],
                    alpha: [1, -0.5][(index / 4) % 2],
                    beta: [0, 1.5][(index / 8) % 2]
                )
                if index % 3 == 1 {
                    shape.lda += 3
                    shape.ldb += 2
                    shape.ldc += 4
                }
                Self.compare(Float.self, shape: shape, generator: &generator, tolerance: 1e-4)
                Self.compare(Double.self, shape: shape, generator: &generator, tolerance: 1e-11)
            }
        }
    }

    @Test func largeProductMatchesTheReference() {
        var generator = Generator(state: 3)
        let shape = GemmShape(transposeA: false, transposeB: true, m: 64, n: 300, k: 784, alpha: 1, beta: 1)
        Self.compare(Float.self, shape: shape, generator: &generator, tolerance: 1e-4)
    }

    /// beta 0 ignores what C held, even NaN (BLAS's rule), in every backend.
    @Test func betaZeroIgnoresTheOldC() {
        let shape = GemmShape(m: 2, n: 2, k: 1)
        let a: [Float] = [1, 2]
        let b: [Float] = [3, 4]
        let backends: [any ComputeBackend] = [CPUBackend(), ReferenceBackend()]
        for backend in backends {
            var c = [Float](repeating: .nan, count: 4)
            c.withUnsafeMutableBufferPointer { out in
                guard let out = out.baseAddress else { return }
                backend.gemm(shape, a: a, b: b, c: out)
            }
            #expect(c == [3, 4, 6, 8], "\(backend.name)")
            // The vector forms (gemv) too.
            var row = [Float](repeating: .nan, count: 2)
            row.withUnsafeMutableBufferPointer { out in
                guard let out = out.baseAddress else { return }
                backend.gemm(GemmShape(m: 1, n: 2, k: 2), a: a, b: [1, 2, 3, 4], c: out)
            }
            #expect(row == [7, 10], "\(backend.name)")
            var column = [Float](repeating: .nan, count: 2)
            column.withUnsafeMutableBufferPointer { out in
                guard let out = out.baseAddress else { return }
                backend.gemm(GemmShape(m: 2, n: 1, k: 2), a: [1, 2, 3, 4], b: b, c: out)
            }
            #expect(column == [11, 25], "\(backend.name)")
        }
        var c = [Float](repeating: .nan, count: 4)
        c.withUnsafeMutableBufferPointer { out in
            guard let out = out.baseAddress else { return }
            BuiltinGemm.product(shape, a: a, b: b, c: out)
        }
        #expect(c == [3, 4, 6, 8])
    }

    /// With OpenBLAS on this machine, CPUBackend says so (the built-in loop is the fallback, not the rule).
    @Test func cpuBackendNamesWhatItUses() {
        #expect(CPUBackend().name == (CPUBackend.usesOpenBLAS ? "openblas" : "builtin"))
        #expect(CPUBackend.usesOpenBLAS == (CPUBackend.openBLASProblem == nil))
    }
}
