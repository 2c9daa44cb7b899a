import Compute
import Core

/// Copies a row-major source into a permutation of its axes.
///
/// Size-1 axes are dropped and axes that stay adjacent in the source are merged, so most permutations become a
/// batch of 2-D transposes. When the source's contiguous axis is not the output's last, the copy goes in square
/// tiles, so that reads and writes both stay within a few cache lines.
struct TransposeKernel: StorageMover {
    /// Output dimensions after simplification (empty: a single element or a plain copy).
    private let shape: [Int]
    /// For each simplified output axis, its stride in the source.
    private let sourceStrides: [Int]
    /// True when the output has the source's element order (nothing to move).
    let isCopy: Bool

    /// Elements per tile side: 32 × 32 four-byte elements is 4 KiB, well within L1.
    private static let tile = 32

    init(sourceShape: [Int], permutation: [Int]) {
        let strides = Tensor.strides(sourceShape)
        var shape: [Int] = []
        var sourceStrides: [Int] = []
        for axis in permutation where sourceShape[axis] != 1 {
            let dimension = sourceShape[axis]
            let stride = strides[axis]
            if let last = shape.last, let lastStride = sourceStrides.last, lastStride == stride * dimension {
                shape[shape.count - 1] = last * dimension
                sourceStrides[sourceStrides.count - 1] = stride
            } else {
                shape.append(dimension)
                sourceStrides.append(stride)
            }
        }
        self.shape = shape
        self.sourceStrides = sourceStrides
        isCopy = shape.count <= 1
    }

    func move<T>(_ inputs: [[T]]) throws(KServeError) -> [[T]] {
        guard let source = inputs.first else { return [] }
        if isCopy || source.isEmpty { return [source] }
        return [transpose(source)]
    }

    private func transpose<T>(_ source: [T]) -> [T] {
        let total = source.count
        let rank = shape.count
        let outputStrides = Tensor.strides(shape)
        // The output axis that walks the source contiguously; the source's last non-1 axis always survives.
        let contiguousAxis = sourceStrides.firstIndex(of: 1) ?? (rank - 1)
        return [T](unsafeUninitializedCapacity: total) { output, initialized in
            source.withUnsafeBufferPointer { sourceBuffer in
                guard let out = output.baseAddress, let src = sourceBuffer.baseAddress else { return }
                if contiguousAxis == rank - 1 {
                    copyRows(src, out, outputStrides: outputStrides)
                } else {
                    copyTiles(src, out, outputStrides: outputStrides, contiguousAxis: contiguousAxis)
                }
                initialized = total
            }
        }
    }

    /// The last output axis reads the source contiguously: whole rows at a time.
    private func copyRows<T>(_ src: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, outputStrides: [Int]) {
        let rank = shape.count
        let rowLength = shape[rank - 1]
        forEachOuter(skipping: [rank - 1], outputStrides: outputStrides) { sourceBase, outputBase in
            (out + outputBase).initialize(from: src + sourceBase, count: rowLength)
        }
    }

    /// Output axis `contiguousAxis` reads the source contiguously and the last output axis writes contiguously:
    /// each pair of them is a 2-D transpose, done in tiles.
    private func copyTiles<T>(
        _ src: UnsafePointer<T>,
        _ out: UnsafeMutablePointer<T>,
        outputStrides: [Int],
        contiguousAxis: Int
    ) {
        let rank = shape.count
        let rows = shape[contiguousAxis]
        let columns = shape[rank - 1]
        let rowOutputStride = outputStrides[contiguousAxis]
        let columnSourceStride = sourceStrides[rank - 1]
        let tile = Self.tile
        forEachOuter(skipping: [contiguousAxis, rank - 1], outputStrides: outputStrides) { sourceBase, outputBase in
            var rowStart = 0
            while rowStart < rows {
                let rowEnd = min(rowStart + tile, rows)
                var columnStart = 0
                while columnStart < columns {
                    let columnEnd = min(columnStart + tile, columns)
                    for row in rowStart..<rowEnd {
                        let target = out + outputBase + row * rowOutputStride
                        let from = src + sourceBase + row
                        for column in columnStart..<columnEnd {
                            (target + column).initialize(to: from[column * columnSourceStride])
                        }
                    }
                    columnStart = columnEnd
                }
                rowStart = rowEnd
            }
        }
    }

    /// Calls `body` with the source and output offsets of every combination of the axes not in `skipping`.
    private func forEachOuter(
        skipping: [Int],
        outputStrides: [Int],
        _ body: (_ sourceBase: Int, _ outputBase: Int) -> Void
    ) {
        let axes = shape.indices.filter { !skipping.contains($0) }
        var counters = [Int](repeating: 0, count: axes.count)
        var sourceBase = 0
        var outputBase = 0
        while true {
            body(sourceBase, outputBase)
            var position = axes.count - 1
            while position >= 0 {
                let axis = axes[position]
                counters[position] += 1
                sourceBase += sourceStrides[axis]
                outputBase += outputStrides[axis]
                if counters[position] < shape[axis] { break }
                sourceBase -= sourceStrides[axis] * shape[axis]
                outputBase -= outputStrides[axis] * shape[axis]
                counters[position] = 0
                position -= 1
            }
            if position < 0 { return }
        }
    }
}
