/// Plain loops, written to be obviously right: the tests compare the fast backends with it.
package struct ReferenceBackend: ComputeBackend {
    package init() {}

    package var name: String { "reference" }

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

    /// Sums in Double for either precision.
    static func product<T: BinaryFloatingPoint>(
        _ shape: GemmShape,
        a: UnsafePointer<T>,
        b: UnsafePointer<T>,
        c: UnsafeMutablePointer<T>
    ) {
        for row in 0..<shape.m {
            for column in 0..<shape.n {
                var sum = 0.0
                for inner in 0..<shape.k {
                    let left = shape.transposeA ? a[inner * shape.lda + row] : a[row * shape.lda + inner]
                    let right = shape.transposeB ? b[column * shape.ldb + inner] : b[inner * shape.ldb + column]
                    sum += Double(left) * Double(right)
                }
                let index = row * shape.ldc + column
                let previous = shape.beta == 0 ? 0 : shape.beta * Double(c[index])
                c[index] = T(shape.alpha * sum + previous)
            }
        }
    }
}
