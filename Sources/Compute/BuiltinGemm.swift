/// A matrix product without a BLAS library: operands packed row-major, then an i-k-j loop whose inner loop runs
/// along contiguous rows of B and C (the compiler vectorises it).
package enum BuiltinGemm {
    package static func product<T: BinaryFloatingPoint>(
        _ shape: GemmShape,
        a: UnsafePointer<T>,
        b: UnsafePointer<T>,
        c: UnsafeMutablePointer<T>
    ) {
        let (m, n, k) = (shape.m, shape.n, shape.k)
        let alpha = T(shape.alpha)
        let beta = T(shape.beta)
        // op(A) as m x k and op(B) as k x n, dense.
        let left = UnsafeMutablePointer<T>.allocate(capacity: max(1, m * k))
        defer { left.deallocate() }
        let right = UnsafeMutablePointer<T>.allocate(capacity: max(1, k * n))
        defer { right.deallocate() }
        for row in 0..<m {
            for inner in 0..<k {
                left[row * k + inner] = shape.transposeA ? a[inner * shape.lda + row] : a[row * shape.lda + inner]
            }
        }
        for inner in 0..<k {
            for column in 0..<n {
                right[inner * n + column] =
                    shape.transposeB ? b[column * shape.ldb + inner] : b[inner * shape.ldb + column]
            }
        }
        let row = UnsafeMutablePointer<T>.allocate(capacity: max(1, n))
        defer { row.deallocate() }
        for i in 0..<m {
            row.update(repeating: 0, count: n)
            for p in 0..<k {
                let scale = left[i * k + p]
                let source = right + p * n
                for j in 0..<n { row[j] += scale * source[j] }
            }
            let target = c + i * shape.ldc
            for j in 0..<n { target[j] = alpha * row[j] + (beta == 0 ? 0 : beta * target[j]) }
        }
    }
}
