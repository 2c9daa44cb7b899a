import Compute
import Core

/// Checks and input readings that the shape operators share.
enum ShapeSupport {
    /// No output of these operators may hold more elements: a size past it comes from a malformed model or request
    /// (16 GiB of float32), whatever the request's memory limit.
    static let maximumElements = 1 << 32

    /// The element count of an output of `shape` and `type`, after checking that the dimensions are not negative,
    /// the count is sensible, and the request may allocate it.
    @discardableResult
    static func reserve(
        _ shape: [Int],
        of type: ElementType,
        context: ExecutionContext
    ) throws(KServeError) -> Int {
        let count = try Tensor.elementCount(shape)
        // Each dimension too: operators build per-axis tables before filling a shape that may hold a 0 elsewhere.
        guard count <= maximumElements, shape.allSatisfy({ $0 <= maximumElements }) else {
            throw KServeError(
                .invalidInput,
                "an output of shape \(Tensor.describe(shape)) is too large (\(count) elements; at most"
                    + " \(maximumElements) elements, and as many along any axis)"
            )
        }
        try context.reserve(elements: count, of: type)
        return count
    }

    /// The elements of an integer tensor input (shape, axes, indices, pads) as Ints.
    static func integers(_ tensor: Tensor, _ name: String) throws(KServeError) -> [Int] {
        guard let values = tensor.integers() else {
            throw KServeError(.invalidInput, "\(name) must be an integer tensor, got \(tensor.elementType)")
        }
        return values.map { Int($0) }
    }

    /// A 1-D (or scalar) integer tensor input's elements.
    static func integerList(_ tensor: Tensor, _ name: String) throws(KServeError) -> [Int] {
        guard tensor.rank <= 1 else {
            throw KServeError(
                .invalidInput,
                "\(name) must be 1-D, got shape \(Tensor.describe(tensor.shape))"
            )
        }
        return try integers(tensor, name)
    }

    /// Axes (negative count from the end) normalized against `rank`, none repeated.
    static func axes(_ values: [Int], rank: Int) throws(KServeError) -> [Int] {
        try Axes.normalize(values.map { Int64($0) }, rank: rank)
    }

    /// The storage of `count` copies of a one-element storage's value.
    static func repeated(_ value: TensorStorage, count: Int) throws(KServeError) -> TensorStorage {
        try value.moved(with: Repeat(count: count))
    }

    private struct Repeat: StorageMover {
        let count: Int
        func move<T>(_ inputs: [[T]]) throws(KServeError) -> [[T]] {
            guard let value = inputs.first?.first else {
                throw KServeError(.invalidInput, "a value to repeat is missing")
            }
            return [[T](repeating: value, count: count)]
        }
    }
}
