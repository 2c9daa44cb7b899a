import Compute
import Core

/// Slice: along each listed axis, the elements from `start` towards `end` (exclusive) every `step`.
///
/// Opset 1 gives starts, ends and axes as attributes (steps 1); from opset 10 they are inputs. Negative starts and
/// ends count from the end; both are then clamped to the axis as the spec says: `[0, size]` for a positive step,
/// `[0, size - 1]` (start) and `[-1, size - 1]` (end) for a negative one.
struct SliceOperator: Operator {
    /// Opset 1's attributes; nil from opset 10.
    let attributes: (starts: [Int], ends: [Int], axes: [Int]?)?

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        guard node.opsetVersion < 10 else { return SliceOperator(attributes: nil) }
        guard let starts = try node.attributes.ints("starts"), let ends = try node.attributes.ints("ends") else {
            throw KServeError(.invalidInput, "attributes starts and ends are required")
        }
        let axes = try node.attributes.ints("axes")
        return SliceOperator(
            attributes: (starts.map { Int($0) }, ends.map { Int($0) }, axes?.map { Int($0) })
        )
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let data = try inputs.required(0)
        let starts: [Int]
        let ends: [Int]
        var requestedAxes: [Int]?
        var steps: [Int]?
        if let attributes {
            (starts, ends, requestedAxes) = attributes
        } else {
            starts = try ShapeSupport.integerList(inputs.required(1), "starts")
            ends = try ShapeSupport.integerList(inputs.required(2), "ends")
            if let axes = inputs.optional(3) { requestedAxes = try ShapeSupport.integerList(axes, "axes") }
            if let given = inputs.optional(4) { steps = try ShapeSupport.integerList(given, "steps") }
        }
        let axes = try ShapeSupport.axes(requestedAxes ?? Array(0..<starts.count), rank: data.rank)
        let stepList = steps ?? [Int](repeating: 1, count: starts.count)
        guard ends.count == starts.count, axes.count == starts.count, stepList.count == starts.count else {
            throw KServeError(
                .invalidInput,
                "starts, ends, axes and steps must have one entry per sliced axis: got \(starts.count),"
                    + " \(ends.count), \(axes.count) and \(stepList.count)"
            )
        }
        var maps = data.shape.map { AxisMap.identity($0) }
        var shape = data.shape
        for (position, axis) in axes.enumerated() {
            let indices = try Self.indices(
                start: starts[position],
                end: ends[position],
                step: stepList[position],
                size: data.shape[axis]
            )
            shape[axis] = indices.count
            maps[axis] = .indices(indices)
        }
        let kernel = AxisMapGather(sourceShape: data.shape, maps: maps)
        return [Tensor(shape: shape, storage: try data.storage.moved(with: kernel))]
    }

    /// The source coordinates one sliced axis reads.
    static func indices(start: Int, end: Int, step: Int, size: Int) throws(KServeError) -> [Int] {
        guard step != 0 else { throw KServeError(.invalidInput, "a slice step must not be 0") }
        // Start and end may be Int64.min or max: add the size only to negative ones, then clamp.
        var first = start < 0 ? start + size : start
        var last = end < 0 ? end + size : end
        let distance: Int
        if step > 0 {
            first = min(max(first, 0), size)
            last = min(max(last, 0), size)
            distance = last - first
        } else {
            first = min(max(first, 0), size - 1)
            last = min(max(last, -1), size - 1)
            distance = first - last
        }
        guard distance > 0 else { return [] }
        let magnitude = step == Int.min ? Int.max : abs(step)
        let count = 1 + (distance - 1) / magnitude
        return (0..<count).map { first + $0 * step }
    }
}
