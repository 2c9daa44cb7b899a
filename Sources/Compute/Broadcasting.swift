import Core

/// Numpy-style (multidirectional) broadcasting, as ONNX's elementwise operators, Where and Expand use it.
package enum Broadcasting {
    /// The shape that `shapes` broadcast to: aligned at the right, each dimension equal or 1.
    package static func shape(_ shapes: [[Int]]) throws(KServeError) -> [Int] {
        let rank = shapes.map(\.count).max() ?? 0
        var result = [Int](repeating: 1, count: rank)
        for shape in shapes {
            let offset = rank - shape.count
            for (axis, dimension) in shape.enumerated() {
                let current = result[offset + axis]
                if dimension == current || dimension == 1 { continue }
                guard current == 1 else {
                    let listed = shapes.map(Tensor.describe).joined(separator: " and ")
                    throw KServeError(.invalidInput, "shapes \(listed) do not broadcast")
                }
                result[offset + axis] = dimension
            }
        }
        return result
    }

    /// Strides (in elements) that read a tensor of `shape` at each index of `target`: 0 along broadcast axes.
    /// The caller guarantees that `shape` broadcasts to `target`.
    package static func strides(of shape: [Int], in target: [Int]) -> [Int] {
        let own = Tensor.strides(shape)
        let offset = target.count - shape.count
        var result = [Int](repeating: 0, count: target.count)
        for axis in shape.indices where shape[axis] != 1 || target[offset + axis] == 1 {
            result[offset + axis] = shape[axis] == 1 ? 0 : own[axis]
        }
        return result
    }

    /// For each element of `target` in row-major order, the flat index into each source laid out by `strides`.
    ///
    /// Walks the innermost axis in a tight loop; `body` gets the target index and the source indices.
    package static func forEach(
        _ target: [Int],
        strides: [[Int]],
        _ body: (_ index: Int, _ sources: UnsafeBufferPointer<Int>) -> Void
    ) {
        let count = target.reduce(1, *)
        guard count > 0 else { return }
        let sourceCount = strides.count
        var positions = [Int](repeating: 0, count: sourceCount)
        var counters = [Int](repeating: 0, count: target.count)
        positions.withUnsafeMutableBufferPointer { offsets in
            for index in 0..<count {
                body(index, UnsafeBufferPointer(offsets))
                // Advance the odometer: bump the last axis, carrying into earlier ones.
                var axis = target.count - 1
                while axis >= 0 {
                    counters[axis] += 1
                    for source in 0..<sourceCount { offsets[source] += strides[source][axis] }
                    if counters[axis] < target[axis] { break }
                    for source in 0..<sourceCount { offsets[source] -= strides[source][axis] * target[axis] }
                    counters[axis] = 0
                    axis -= 1
                }
            }
        }
    }
}
