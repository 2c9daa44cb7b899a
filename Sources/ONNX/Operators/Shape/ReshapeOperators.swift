import Compute
import Core

/// Reshape: the same elements under a shape read from the `shape` input (an attribute before opset 5). `0` copies the
/// input's dimension at that position unless `allowzero` is 1, and one `-1` takes whatever count is left.
struct ReshapeOperator: Operator {
    /// Opset 1 to 4 give the shape as an attribute.
    let attributeShape: [Int]?
    let allowZero: Bool

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        let attributeShape: [Int]?
        if node.opsetVersion < 5 {
            guard let shape = try node.attributes.ints("shape") else {
                throw KServeError(.invalidInput, "attribute shape is missing")
            }
            attributeShape = shape.map { Int($0) }
        } else {
            attributeShape = nil
        }
        let allowZero = try node.attributes.int("allowzero", default: 0)
        guard allowZero == 0 || allowZero == 1 else {
            throw KServeError(.invalidInput, "attribute allowzero must be 0 or 1, got \(allowZero)")
        }
        return ReshapeOperator(attributeShape: attributeShape, allowZero: allowZero == 1)
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let data = try inputs.required(0)
        let requested: [Int]
        if let attributeShape {
            requested = attributeShape
        } else {
            requested = try ShapeSupport.integerList(inputs.required(1), "shape")
        }
        let shape = try Self.resolve(requested, from: data.shape, count: data.count, allowZero: allowZero)
        try ShapeSupport.reserve(shape, of: data.elementType, context: context)
        return [data.reshaped(shape)]
    }

    /// The output shape for `requested`, given the input's shape and element count.
    static func resolve(
        _ requested: [Int],
        from input: [Int],
        count: Int,
        allowZero: Bool
    ) throws(KServeError) -> [Int] {
        var shape: [Int] = []
        shape.reserveCapacity(requested.count)
        var inferredAxis: Int?
        for (axis, dimension) in requested.enumerated() {
            switch dimension {
            case -1:
                guard inferredAxis == nil else {
                    throw KServeError(.invalidInput, "shape \(Tensor.describe(requested)) has more than one -1")
                }
                inferredAxis = axis
                shape.append(1)
            case 0 where !allowZero:
                guard axis < input.count else {
                    throw KServeError(
                        .invalidInput,
                        "shape \(Tensor.describe(requested)) copies dimension \(axis) (0) of an input of rank"
                            + " \(input.count)"
                    )
                }
                shape.append(input[axis])
            case ..<0:
                throw KServeError(
                    .invalidInput,
                    "shape \(Tensor.describe(requested)) has a negative dimension other than -1"
                )
            default:
                shape.append(dimension)
            }
        }
        let known = try Tensor.elementCount(shape)
        if let inferredAxis {
            if allowZero && requested.contains(0) {
                throw KServeError(
                    .invalidInput,
                    "shape \(Tensor.describe(requested)) has both 0 and -1, which allowzero=1 forbids"
                )
            }
            guard known > 0, count % known == 0 else {
                throw KServeError(
                    .invalidInput,
                    "cannot reshape \(Tensor.describe(input)) (\(count) elements) to \(Tensor.describe(requested)):"
                        + " no -1 dimension fits"
                )
            }
            shape[inferredAxis] = count / known
        } else if known != count {
            throw KServeError(
                .invalidInput,
                "cannot reshape \(Tensor.describe(input)) (\(count) elements) to \(Tensor.describe(shape))"
                    + " (\(known) elements)"
            )
        }
        return shape
    }
}

/// Flatten: a 2-D view, the dimensions before `axis` times those from it.
struct FlattenOperator: Operator {
    let axis: Int64

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        FlattenOperator(axis: try node.attributes.int("axis", default: 1))
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let data = try inputs.required(0)
        let rank = data.rank
        // `axis` may equal the rank (everything in the first dimension).
        let resolved = axis < 0 ? Int(axis) + rank : Int(axis)
        guard resolved >= 0, resolved <= rank else {
            throw KServeError(.invalidInput, "axis \(axis) is out of range for rank \(rank)")
        }
        let outer = try Tensor.elementCount(Array(data.shape[..<resolved]))
        let inner = try Tensor.elementCount(Array(data.shape[resolved...]))
        return [data.reshaped([outer, inner])]
    }
}

/// Squeeze: drops the listed size-1 axes (an attribute before opset 13, an input from it), or every size-1 axis.
struct SqueezeOperator: Operator {
    /// Before opset 13.
    let attributeAxes: [Int]?
    let axesFromInput: Bool

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        if node.opsetVersion < 13 {
            let axes = try node.attributes.ints("axes")?.map { Int($0) }
            return SqueezeOperator(attributeAxes: axes, axesFromInput: false)
        }
        return SqueezeOperator(attributeAxes: nil, axesFromInput: true)
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let data = try inputs.required(0)
        var requested = attributeAxes
        if axesFromInput, let axes = inputs.optional(1) {
            requested = try ShapeSupport.integerList(axes, "axes")
        }
        guard let requested else {
            return [data.reshaped(data.shape.filter { $0 != 1 })]
        }
        let axes = try ShapeSupport.axes(requested, rank: data.rank)
        for axis in axes where data.shape[axis] != 1 {
            throw KServeError(
                .invalidInput,
                "cannot squeeze axis \(axis) of shape \(Tensor.describe(data.shape)): its size is not 1"
            )
        }
        let shape = data.shape.indices.filter { !axes.contains($0) }.map { data.shape[$0] }
        return [data.reshaped(shape)]
    }
}

/// Unsqueeze: inserts size-1 axes at the listed positions of the output (an attribute before opset 13, an input
/// from it).
struct UnsqueezeOperator: Operator {
    /// Before opset 13.
    let attributeAxes: [Int]?

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        if node.opsetVersion < 13 {
            guard let axes = try node.attributes.ints("axes") else {
                throw KServeError(.invalidInput, "attribute axes is missing")
            }
            return UnsqueezeOperator(attributeAxes: axes.map { Int($0) })
        }
        return UnsqueezeOperator(attributeAxes: nil)
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let data = try inputs.required(0)
        let requested: [Int]
        if let attributeAxes {
            requested = attributeAxes
        } else {
            requested = try ShapeSupport.integerList(inputs.required(1), "axes")
        }
        let rank = data.rank + requested.count
        let axes = try ShapeSupport.axes(requested, rank: rank)
        var shape: [Int] = []
        shape.reserveCapacity(rank)
        var next = 0
        for axis in 0..<rank {
            if axes.contains(axis) {
                shape.append(1)
            } else {
                shape.append(data.shape[next])
                next += 1
            }
        }
        return [data.reshaped(shape)]
    }
}
