import Compute
import Core

/// Shape: the input's dimensions as a 1-D int64 tensor; from opset 15 only those in `start..<end` (negative counts
/// from the end, both clamped to `[0, rank]`).
struct ShapeOperator: Operator {
    let start: Int64
    let end: Int64?

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        guard node.opsetVersion >= 15 else { return ShapeOperator(start: 0, end: nil) }
        return ShapeOperator(
            start: try node.attributes.int("start", default: 0),
            end: try node.attributes.int("end")
        )
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let data = try inputs.required(0)
        let rank = data.rank
        let first = Self.clamp(start, rank: rank)
        let last = end.map { Self.clamp($0, rank: rank) } ?? rank
        let dimensions = first < last ? data.shape[first..<last].map { Int64($0) } : []
        return [Tensor(shape: [dimensions.count], int64s: dimensions)]
    }

    private static func clamp(_ value: Int64, rank: Int) -> Int {
        let resolved = value < 0 ? Int(value) + rank : Int(value)
        return min(max(resolved, 0), rank)
    }
}

/// Size: the input's element count as an int64 scalar.
struct SizeOperator: Operator {
    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        [Tensor(shape: [], int64s: [Int64(try inputs.required(0).count)])]
    }
}
