import Core

/// Checks and prints tensor shapes (`[Int64]`, row-major).
enum TensorShape {
    /// `[2,4]`, the spelling used in every message.
    static func describe(_ shape: [Int64]) -> String {
        "[" + shape.map(String.init).joined(separator: ",") + "]"
    }

    /// The number of elements `shape` holds; an error for a negative dimension or a product beyond `Int`.
    static func elementCount(_ shape: [Int64], context: String) throws(KServeError) -> Int {
        try elementCount(shape, context: JSONContext(context))
    }

    static func elementCount(_ shape: [Int64], context: JSONContext) throws(KServeError) -> Int {
        var product = 1
        for dimension in shape {
            guard dimension >= 0 else {
                throw KServeError(.invalidInput, "\(context): shape \(describe(shape)) has a negative dimension")
            }
            let (next, overflow) = product.multipliedReportingOverflow(by: Int(dimension))
            guard !overflow else {
                throw KServeError(.invalidInput, "\(context): shape \(describe(shape)) has too many elements")
            }
            product = next
        }
        return product
    }

    /// "1 element", "6 elements": a count with its noun, for messages.
    static func counted(_ count: Int, _ noun: String) -> String { count == 1 ? "1 \(noun)" : "\(count) \(noun)s" }

    /// "data has 6 elements but shape [2,4] needs 8".
    static func countMismatch(_ count: Int, shape: [Int64], needed: Int) -> String {
        "data has \(counted(count, "element")) but shape \(describe(shape)) needs \(needed)"
    }

    /// `data[1][2]` for the element at row-major `index` of `shape` (`data[5]` when `flat`).
    static func elementPath(_ index: Int, shape: [Int64], flat: Bool) -> String {
        guard !flat, !shape.isEmpty else { return "data[\(index)]" }
        var rest = index
        var digits = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() {
            let dimension = Int(shape[axis])
            guard dimension > 0 else { return "data[\(index)]" }
            digits[axis] = rest % dimension
            rest /= dimension
        }
        return "data" + digits.map { "[\($0)]" }.joined()
    }
}
