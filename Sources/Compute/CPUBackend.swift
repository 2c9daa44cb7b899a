import CBLAS
import Core

/// Matrix products on the CPU: OpenBLAS when the machine has it (opened on first use), else ``BuiltinGemm``.
///
/// OpenBLAS is held to one thread of its own: the worker pool already runs one request per core, and OpenBLAS's
/// threads would fight it for the same cores.
package struct CPUBackend: ComputeBackend {
    package init() {}

    /// Whether OpenBLAS loaded; decided once, on first use.
    package static let usesOpenBLAS: Bool = {
        guard kserve_blas_load_error() == nil else { return false }
        return kserve_blas_set_threads(1) == 1
    }()

    /// Why OpenBLAS is not used, for start-up output; nil when it is.
    package static var openBLASProblem: String? {
        guard !usesOpenBLAS else { return nil }
        guard let reason = kserve_blas_load_error() else { return "openblas_set_num_threads is missing" }
        return String(cString: reason)
    }

    package var name: String { Self.usesOpenBLAS ? "openblas" : "builtin" }

    package func gemm(
        _ shape: GemmShape,
        a: UnsafePointer<Float>,
        b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>
    ) {
        guard shape.m > 0, shape.n > 0 else { return }
        if Self.usesOpenBLAS, Self.fitsInt32(shape), let vector = VectorProduct(shape) {
            if shape.beta == 0 { vector.clearOutput(c) }
            let (matrix, x) = vector.matrixIsA ? (a, b) : (b, a)
            if kserve_blas_sgemv(
                vector.transpose ? 1 : 0,
                Int32(vector.rows),
                Int32(vector.columns),
                Float(shape.alpha),
                matrix,
                Int32(vector.leadingDimension),
                x,
                Int32(vector.incrementX),
                Float(shape.beta),
                c,
                Int32(vector.incrementY)
            ) == 1 {
                return
            }
        }
        if Self.usesOpenBLAS, Self.fitsInt32(shape),
            kserve_blas_sgemm(
                shape.transposeA ? 1 : 0,
                shape.transposeB ? 1 : 0,
                Int32(shape.m),
                Int32(shape.n),
                Int32(shape.k),
                Float(shape.alpha),
                a,
                Int32(shape.lda),
                b,
                Int32(shape.ldb),
                Float(shape.beta),
                c,
                Int32(shape.ldc)
            ) == 1
        {
            return
        }
        BuiltinGemm.product(shape, a: a, b: b, c: c)
    }

    package func gemm(
        _ shape: GemmShape,
        a: UnsafePointer<Double>,
        b: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>
    ) {
        guard shape.m > 0, shape.n > 0 else { return }
        if Self.usesOpenBLAS, Self.fitsInt32(shape), let vector = VectorProduct(shape) {
            if shape.beta == 0 { vector.clearOutput(c) }
            let (matrix, x) = vector.matrixIsA ? (a, b) : (b, a)
            if kserve_blas_dgemv(
                vector.transpose ? 1 : 0,
                Int32(vector.rows),
                Int32(vector.columns),
                shape.alpha,
                matrix,
                Int32(vector.leadingDimension),
                x,
                Int32(vector.incrementX),
                shape.beta,
                c,
                Int32(vector.incrementY)
            ) == 1 {
                return
            }
        }
        if Self.usesOpenBLAS, Self.fitsInt32(shape),
            kserve_blas_dgemm(
                shape.transposeA ? 1 : 0,
                shape.transposeB ? 1 : 0,
                Int32(shape.m),
                Int32(shape.n),
                Int32(shape.k),
                shape.alpha,
                a,
                Int32(shape.lda),
                b,
                Int32(shape.ldb),
                shape.beta,
                c,
                Int32(shape.ldc)
            ) == 1
        {
            return
        }
        BuiltinGemm.product(shape, a: a, b: b, c: c)
    }

    /// CBLAS takes 32-bit dimensions.
    private static func fitsInt32(_ shape: GemmShape) -> Bool {
        let limit = Int(Int32.max)
        return [shape.m, shape.n, shape.k, shape.lda, shape.ldb, shape.ldc].allSatisfy { $0 <= limit }
    }
}
