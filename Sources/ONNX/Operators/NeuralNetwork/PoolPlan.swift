import Compute
import Core

/// The plan that the pools share: planes (N * C), the window geometry and the output shape.
enum PoolPlan {
    /// Also checks that an output of X's element type fits the request's memory (`count` is its element count).
    static func make(
        _ x: Tensor,
        kernel: [Int],
        window: WindowAttributes,
        ceilMode: Bool,
        opType: String,
        context: ExecutionContext
    ) throws(KServeError) -> (planes: Int, geometry: WindowGeometry, outputShape: [Int], count: Int) {
        let shape = x.shape
        guard shape.count == kernel.count + 2 else {
            throw KServeError(
                .invalidInput,
                "\(opType) with a \(kernel.count)-D kernel takes X of rank \(kernel.count + 2), got"
                    + " \(Tensor.describe(shape))"
            )
        }
        let geometry = try WindowGeometry.forward(
            input: Array(shape[2...]),
            kernel: kernel,
            attributes: window,
            ceilMode: ceilMode
        )
        let planes = try NeuralSupport.multiply(shape[0], shape[1])
        let outputShape = [shape[0], shape[1]] + geometry.output.suffix(kernel.count)
        let count = try NeuralSupport.product(outputShape)
        try context.reserve(elements: count, of: x.elementType)
        return (planes, geometry, outputShape, count)
    }
}
