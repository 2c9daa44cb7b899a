/// A matrix product with one row (`m == 1`) or one column (`n == 1`), as the matrix-vector product BLAS computes
/// with gemv. OpenBLAS's gemm packs its operands on every call, which costs more than the arithmetic when one side is
/// a vector (a batch-1 Gemm, a MatMul by a vector); gemv reads the matrix once, in place.
struct VectorProduct {
    /// Whether the matrix is A (`n == 1`) or B (`m == 1`); the other operand is the vector x.
    let matrixIsA: Bool
    /// gemv's transpose of the stored matrix, which is `rows x columns` with `leadingDimension`.
    let transpose: Bool
    let rows: Int
    let columns: Int
    let leadingDimension: Int
    /// Element strides of x and of y (C's row or column).
    let incrementX: Int
    let incrementY: Int
    /// Elements of y.
    let length: Int

    /// nil when the product is not a vector product, or when k is 0 (BLAS rejects an empty matrix's strides).
    init?(_ shape: GemmShape) {
        guard shape.k > 0 else { return nil }
        if shape.m == 1 {
            // C (1 x n) = a (1 x k) * op(B): y = op(B)^T x.
            matrixIsA = false
            transpose = !shape.transposeB
            rows = shape.transposeB ? shape.n : shape.k
            columns = shape.transposeB ? shape.k : shape.n
            leadingDimension = shape.ldb
            incrementX = shape.transposeA ? shape.lda : 1
            incrementY = 1
            length = shape.n
        } else if shape.n == 1 {
            // C (m x 1) = op(A) * b (k x 1): y = op(A) x, down C's column.
            matrixIsA = true
            transpose = shape.transposeA
            rows = shape.transposeA ? shape.k : shape.m
            columns = shape.transposeA ? shape.m : shape.k
            leadingDimension = shape.lda
            incrementX = shape.transposeB ? 1 : shape.ldb
            incrementY = shape.ldc
            length = shape.m
        } else {
            return nil
        }
        guard leadingDimension >= max(1, columns), incrementX >= 1, incrementY >= 1 else { return nil }
    }

    /// Zeroes y before a beta-0 product: BLAS may scale the old contents by 0, which keeps a NaN.
    func clearOutput<T: BinaryFloatingPoint>(_ c: UnsafeMutablePointer<T>) {
        for index in 0..<length { c[index * incrementY] = 0 }
    }
}
