import Core

/// Reading axis attributes and inputs: ONNX counts negative axes from the end.
package enum Axes {
    /// `axis` in `0..<rank` (negative counts from the end), or an error naming the rank.
    package static func normalize(_ axis: Int64, rank: Int) throws(KServeError) -> Int {
        let resolved = axis < 0 ? Int(axis) + rank : Int(axis)
        guard resolved >= 0, resolved < rank else {
            throw KServeError(.invalidInput, "axis \(axis) is out of range for rank \(rank)")
        }
        return resolved
    }

    /// Several axes, normalized; an error for a repeated axis.
    package static func normalize(_ axes: [Int64], rank: Int) throws(KServeError) -> [Int] {
        var result: [Int] = []
        for axis in axes {
            let resolved = try normalize(axis, rank: rank)
            guard !result.contains(resolved) else {
                throw KServeError(.invalidInput, "axis \(axis) is repeated")
            }
            result.append(resolved)
        }
        return result
    }
}
