/// Where the heavy kernels of the executor run: matrix products today, the seam a GPU backend plugs into.
///
/// Operators ask their ``ExecutionContext``-given backend for products instead of calling a library, so that a
/// backend can be swapped without touching them. Implementations are thread-safe: many requests run at once.
package protocol ComputeBackend: Sendable {
    /// For status and metadata: "openblas", "builtin", "reference".
    var name: String { get }

    /// `C = alpha * op(A) * op(B) + beta * C`, row-major, where op transposes when the shape says so.
    func gemm(
        _ shape: GemmShape,
        a: UnsafePointer<Float>,
        b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>
    )

    func gemm(
        _ shape: GemmShape,
        a: UnsafePointer<Double>,
        b: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>
    )
}

/// The dimensions and scalars of one matrix product: op(A) is `m x k`, op(B) is `k x n`, C is `m x n`.
package struct GemmShape: Sendable, Equatable {
    package var transposeA: Bool
    package var transposeB: Bool
    package var m: Int
    package var n: Int
    package var k: Int
    package var alpha: Double
    package var beta: Double
    /// Row strides in elements of A, B and C as stored (before any transpose).
    package var lda: Int
    package var ldb: Int
    package var ldc: Int

    /// A dense product with no transposes: `lda = k`, `ldb = n`, `ldc = n`.
    package init(m: Int, n: Int, k: Int, alpha: Double = 1, beta: Double = 0) {
        self.init(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: alpha, beta: beta)
    }

    /// Dense operands: leading dimensions follow from the transposes.
    package init(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double = 1, beta: Double = 0) {
        self.transposeA = transposeA
        self.transposeB = transposeB
        self.m = m
        self.n = n
        self.k = k
        self.alpha = alpha
        self.beta = beta
        self.lda = transposeA ? m : k
        self.ldb = transposeB ? k : n
        self.ldc = n
    }
}
