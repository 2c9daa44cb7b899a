import CBLAS

/// The two precisions OpenBLAS computes, each calling its own CBLAS functions; false when OpenBLAS is missing
/// (nothing computed). Callers have checked that every dimension fits in 32 bits.
protocol BLASScalar: BinaryFloatingPoint {
    static func gemm(
        _ shape: GemmShape,
        _ a: UnsafePointer<Self>,
        _ b: UnsafePointer<Self>,
        _ c: UnsafeMutablePointer<Self>
    ) -> Bool
    static func gemv(
        _ vector: VectorProduct,
        alpha: Self,
        _ matrix: UnsafePointer<Self>,
        _ x: UnsafePointer<Self>,
        beta: Self,
        _ y: UnsafeMutablePointer<Self>
    ) -> Bool
}

extension Float: BLASScalar {
    static func gemm(
        _ shape: GemmShape,
        _ a: UnsafePointer<Float>,
        _ b: UnsafePointer<Float>,
        _ c: UnsafeMutablePointer<Float>
    ) -> Bool {
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
    }

    static func gemv(
        _ vector: VectorProduct,
        alpha: Float,
        _ matrix: UnsafePointer<Float>,
        _ x: UnsafePointer<Float>,
        beta: Float,
        _ y: UnsafeMutablePointer<Float>
    ) -> Bool {
        kserve_blas_sgemv(
            vector.transpose ? 1 : 0,
            Int32(vector.rows),
            Int32(vector.columns),
            alpha,
            matrix,
            Int32(vector.leadingDimension),
            x,
            Int32(vector.incrementX),
            beta,
            y,
            Int32(vector.incrementY)
        ) == 1
    }
}

extension Double: BLASScalar {
    static func gemm(
        _ shape: GemmShape,
        _ a: UnsafePointer<Double>,
        _ b: UnsafePointer<Double>,
        _ c: UnsafeMutablePointer<Double>
    ) -> Bool {
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
    }

    static func gemv(
        _ vector: VectorProduct,
        alpha: Double,
        _ matrix: UnsafePointer<Double>,
        _ x: UnsafePointer<Double>,
        beta: Double,
        _ y: UnsafeMutablePointer<Double>
    ) -> Bool {
        kserve_blas_dgemv(
            vector.transpose ? 1 : 0,
            Int32(vector.rows),
            Int32(vector.columns),
            alpha,
            matrix,
            Int32(vector.leadingDimension),
            x,
            Int32(vector.incrementX),
            beta,
            y,
            Int32(vector.incrementY)
        ) == 1
    }
}
