import Core

/// An n-dimensional array: a shape and its elements, row-major. A value type (its storage is copy-on-write).
package struct Tensor: Sendable, Equatable {
    /// Dimensions; empty for a scalar. Never negative.
    package var shape: [Int]
    package var storage: TensorStorage

    /// A tensor of `storage`'s elements; the caller guarantees `storage.count == product(shape)`.
    package init(shape: [Int], storage: TensorStorage) {
        self.shape = shape
        self.storage = storage
    }

    /// Checks that the element count matches the shape.
    package init(checkedShape shape: [Int], storage: TensorStorage) throws(KServeError) {
        let needed = try Tensor.elementCount(shape)
        guard needed == storage.count else {
            throw KServeError(
                .invalidInput,
                "tensor of shape \(Tensor.describe(shape)) needs \(needed) elements, has \(storage.count)"
            )
        }
        self.init(shape: shape, storage: storage)
    }

    package init(shape: [Int], floats: [Float]) { self.init(shape: shape, storage: .float(floats)) }
    package init(shape: [Int], int64s: [Int64]) { self.init(shape: shape, storage: .int64(int64s)) }

    /// A tensor of zeros.
    package static func zeros(_ type: ElementType, shape: [Int]) -> Tensor {
        Tensor(shape: shape, storage: .zeros(type, count: shape.reduce(1, *)))
    }

    package var elementType: ElementType { storage.elementType }
    package var count: Int { storage.count }
    package var rank: Int { shape.count }

    /// Row-major strides in elements.
    package var strides: [Int] { Tensor.strides(shape) }

    package static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in shape.indices.reversed() {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// The elements `shape` holds; an error for a negative dimension or an overflowing product.
    package static func elementCount(_ shape: [Int]) throws(KServeError) -> Int {
        var product = 1
        for dimension in shape {
            guard dimension >= 0 else {
                throw KServeError(.invalidInput, "shape \(describe(shape)) has a negative dimension")
            }
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw KServeError(.invalidInput, "shape \(describe(shape)) has too many elements") }
            product = next
        }
        return product
    }

    /// `[2,3]`, as every message writes a shape.
    package static func describe(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ",") + "]"
    }

    /// The same elements under another shape with the same element count.
    package func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, storage: storage) }
}
