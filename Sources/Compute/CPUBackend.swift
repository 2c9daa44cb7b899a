import CBLAS
import Core

/// Matrix products on the CPU: OpenBLAS when the machine has it (opened on first use), else ``BuiltinGemm``.
///
/// OpenBLAS is held to one thread of its own: the worker pool already runs one request per core, and OpenBLAS's
/// threads would fight it for the same cores.
package struct CPUBackend: ComputeBackend {
    package init() {}

    /// True when OpenBLAS loaded and took the one-thread setting.
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
        Self.product(shape, a: a, b: b, c: c)
    }

    package func gemm(
        _ shape: GemmShape,
        a: UnsafePointer<Double>,
        b: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>
    ) {
        Self.product(shape, a: a, b: b, c: c)
    }

    /// OpenBLAS's gemv for a vector product, its gemm otherwise, the built-in loops when it is missing.
    private static func product<T: BLASScalar>(
        _ shape: GemmShape,
        a: UnsafePointer<T>,
        b: UnsafePointer<T>,
        c: UnsafeMutablePointer<T>
    ) {
        guard shape.m > 0, shape.n > 0 else { return }
        if usesOpenBLAS, fitsInt32(shape) {
            if let vector = VectorProduct(shape) {
                if shape.beta == 0 { vector.clearOutput(c) }
                let (matrix, x) = vector.matrixIsA ? (a, b) : (b, a)
                if T.gemv(vector, alpha: T(shape.alpha), matrix, x, beta: T(shape.beta), c) { return }
            }
            if T.gemm(shape, a, b, c) { return }
        }
        BuiltinGemm.product(shape, a: a, b: b, c: c)
    }

    /// CBLAS takes 32-bit dimensions.
    private static func fitsInt32(_ shape: GemmShape) -> Bool {
        let limit = Int(Int32.max)
        return [shape.m, shape.n, shape.k, shape.lda, shape.ldb, shape.ldc].allSatisfy { $0 <= limit }
    }
}
