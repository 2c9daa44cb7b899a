import Compute
import Core

/// Gather: along `axis`, the data's slices at `indices` (negative counts from the end); the output's shape is the
/// data's with that axis replaced by the indices' shape.
struct GatherOperator: Operator {
    let axis: Int64

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        GatherOperator(axis: try node.attributes.int("axis", default: 0))
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let data = try inputs.required(0)
        let indicesTensor = try inputs.required(1)
        guard indicesTensor.elementType == .int64 || indicesTensor.elementType == .int32 else {
            throw KServeError(.invalidInput, "indices must be int32 or int64, got \(indicesTensor.elementType)")
        }
        let axis = try Axes.normalize(self.axis, rank: data.rank)
        let dimension = data.shape[axis]
        var indices = try ShapeSupport.integers(indicesTensor, "indices")
        for position in indices.indices {
            let index = indices[position]
            let resolved = index < 0 ? index + dimension : index
            guard resolved >= 0, resolved < dimension else {
                throw KServeError(
                    .invalidInput,
                    "index \(index) is out of range for axis \(axis) of size \(dimension)"
                )
            }
            indices[position] = resolved
        }
        let shape = Array(data.shape[..<axis]) + indicesTensor.shape + Array(data.shape[(axis + 1)...])
        try ShapeSupport.reserve(shape, of: data.elementType, context: context)
        var maps = data.shape.map { AxisMap.identity($0) }
        maps[axis] = .indices(indices)
        let kernel = AxisMapGather(sourceShape: data.shape, maps: maps)
        return [Tensor(shape: shape, storage: try data.storage.moved(with: kernel))]
    }
}
