import Compute
import Core

/// ai.onnx.ml OneHotEncoder: each element becomes a row of `C` floats with a 1 at its category's position (shape
/// `X.shape + [C]`). Numeric inputs are truncated to int64 and looked up in `cats_int64s`; strings in `cats_strings`.
/// An unknown category gives a row of zeros, or an error when `zeros` is 0.
struct OneHotEncoderOperator: Operator {
    let intCategories: [Int64: Int]
    let stringCategories: [[UInt8]: Int]
    let categoryCount: Int
    let zeros: Bool

    init(_ node: NodeDescription) throws(KServeError) {
        let ints = try node.attributes.ints("cats_int64s") ?? []
        let strings = try node.attributes.byteStrings("cats_strings") ?? []
        guard ints.isEmpty != strings.isEmpty else {
            throw KServeError(.invalidInput, "exactly one of cats_int64s and cats_strings must be given")
        }
        // A repeated category maps to its last position, as in onnxruntime.
        var intCategories: [Int64: Int] = [:]
        for (position, category) in ints.enumerated() { intCategories[category] = position }
        var stringCategories: [[UInt8]: Int] = [:]
        for (position, category) in strings.enumerated() { stringCategories[category] = position }
        self.intCategories = intCategories
        self.stringCategories = stringCategories
        categoryCount = max(ints.count, strings.count)
        zeros = try node.attributes.int("zeros", default: 1) != 0
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try inputs.required(0)
        let positions: [Int?]
        switch input.storage {
        case .string(let values): positions = values.map { stringCategories[$0] }
        case .int64(let values): positions = values.map { intCategories[$0] }
        case .int32(let values): positions = values.map { intCategories[Int64($0)] }
        case .float(let values): positions = values.map { Self.truncated(Double($0)).flatMap { intCategories[$0] } }
        case .double(let values): positions = values.map { Self.truncated($0).flatMap { intCategories[$0] } }
        default:
            throw KServeError(
                .invalidInput,
                "input X is \(input.elementType), expected string, int64, int32, float or double"
            )
        }
        let (count, overflow) = positions.count.multipliedReportingOverflow(by: categoryCount)
        guard !overflow else { throw KServeError(.invalidInput, "the output would have too many elements") }
        try context.reserve(elements: count, of: .float)
        var output = [Float](repeating: 0, count: count)
        for (element, position) in positions.enumerated() {
            if let position {
                output[element * categoryCount + position] = 1
            } else if !zeros {
                throw KServeError(.invalidInput, "element \(element) of X is not one of the categories (zeros = 0)")
            }
        }
        return [Tensor(shape: input.shape + [categoryCount], floats: output)]
    }

    /// The int64 a float truncates to; nil for NaN, infinities and values beyond int64.
    private static func truncated(_ value: Double) -> Int64? {
        guard value.isFinite else { return nil }
        return Int64(exactly: value.rounded(.towardZero))
    }
}
