import Compute
import Core

/// Expand: the input broadcast (numpy style, both ways) with the shape its second input gives.
struct ExpandOperator: Operator {
    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let data = try inputs.required(0)
        let requested = try ShapeSupport.integerList(inputs.required(1), "shape")
        guard requested.allSatisfy({ $0 >= 0 }) else {
            throw KServeError(.invalidInput, "shape \(Tensor.describe(requested)) has a negative dimension")
        }
        let shape = try Broadcasting.shape([data.shape, requested])
        try ShapeSupport.reserve(shape, of: data.elementType, context: context)
        let source = [Int](repeating: 1, count: shape.count - data.rank) + data.shape
        let maps = zip(source, shape).map { dimension, target in
            dimension == target ? AxisMap.identity(target) : AxisMap.indices([Int](repeating: 0, count: target))
        }
        let kernel = AxisMapGather(sourceShape: source, maps: maps)
        return [Tensor(shape: shape, storage: try data.storage.moved(with: kernel))]
    }
}

/// Tile: the input repeated `repeats[i]` times along each axis `i`.
struct TileOperator: Operator {
    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let data = try inputs.required(0)
        let repeats = try ShapeSupport.integerList(inputs.required(1), "repeats")
        guard repeats.count == data.rank, repeats.allSatisfy({ $0 >= 0 }) else {
            throw KServeError(
                .invalidInput,
                "repeats \(Tensor.describe(repeats)) must hold one non-negative count per axis of shape"
                    + " \(Tensor.describe(data.shape))"
            )
        }
        var shape: [Int] = []
        for (dimension, count) in zip(data.shape, repeats) {
            let (product, overflow) = dimension.multipliedReportingOverflow(by: count)
            guard !overflow else {
                throw KServeError(
                    .invalidInput,
                    "tiling \(Tensor.describe(data.shape)) by \(Tensor.describe(repeats)) overflows"
                )
            }
            shape.append(product)
        }
        try ShapeSupport.reserve(shape, of: data.elementType, context: context)
        let maps = zip(data.shape, shape).map { dimension, target in
            dimension == target ? AxisMap.identity(target) : AxisMap.indices((0..<target).map { $0 % dimension })
        }
        let kernel = AxisMapGather(sourceShape: data.shape, maps: maps)
        return [Tensor(shape: shape, storage: try data.storage.moved(with: kernel))]
    }
}
