import Compute
import Core

/// Where each output coordinate along one axis reads from the source.
enum AxisMap {
    /// Output coordinate `i` reads source coordinate `i`; the axis keeps its length.
    case identity(Int)
    /// Output coordinate `i` reads source coordinate `indices[i]`, or the fill value where it is -1.
    case indices([Int])

    var count: Int {
        switch self {
        case .identity(let count): return count
        case .indices(let indices): return indices.count
        }
    }
}

/// A copy whose output coordinate along each axis reads a source coordinate chosen per axis: Slice, Gather, Tile,
/// Expand and Pad are all this, with different maps.
///
/// Adjacent identity axes merge into one, and an innermost axis that reads consecutive elements is copied as a run.
struct AxisMapGather: StorageMover {
    /// One merged axis: output coordinate `i` reads source offset `offsets[i]` (-1: the fill value), or `i * stride`
    /// for an identity axis (no table).
    private struct Axis {
        var count: Int
        var stride: Int
        var offsets: [Int]?

        func offset(_ index: Int) -> Int { offsets.map { $0[index] } ?? index * stride }
    }

    let outputCount: Int
    private let axes: [Axis]
    private let needsFill: Bool

    /// `maps[k]` says where output axis `k` reads along source axis `k`; every index is in `0..<sourceShape[k]` or
    /// -1. The caller guarantees this (it validates indices against the data first).
    init(sourceShape: [Int], maps: [AxisMap]) {
        // Merge runs of identity axes: row-major, they read one contiguous block.
        var mergedMaps: [AxisMap] = []
        var mergedDims: [Int] = []
        for (axis, map) in maps.enumerated() {
            if case .identity(let count) = map, case .identity(let previous)? = mergedMaps.last {
                mergedMaps[mergedMaps.count - 1] = .identity(previous * count)
                mergedDims[mergedDims.count - 1] *= sourceShape[axis]
            } else {
                mergedMaps.append(map)
                mergedDims.append(sourceShape[axis])
            }
        }
        let strides = Tensor.strides(mergedDims)
        var axes: [Axis] = []
        var needsFill = false
        for (axis, map) in mergedMaps.enumerated() {
            let stride = strides[axis]
            switch map {
            case .identity(let count): axes.append(Axis(count: count, stride: stride, offsets: nil))
            case .indices(let indices):
                axes.append(
                    Axis(count: indices.count, stride: stride, offsets: indices.map { $0 < 0 ? -1 : $0 * stride })
                )
                if indices.contains(where: { $0 < 0 }) { needsFill = true }
            }
        }
        self.axes = axes
        self.needsFill = needsFill
        outputCount = maps.reduce(1) { $0 * $1.count }
    }

    /// `inputs[0]` is the source; `inputs[1]`, when the maps have -1 entries, holds the fill value first.
    func move<T>(_ inputs: [[T]]) throws(KServeError) -> [[T]] {
        guard let source = inputs.first else { return [] }
        var fill: T?
        if needsFill {
            guard inputs.count > 1, let value = inputs[1].first else {
                throw KServeError(.invalidInput, "a padding value is needed and none was given")
            }
            fill = value
        }
        return [gather(source, fill: fill)]
    }

    private func gather<T>(_ source: [T], fill: T?) -> [T] {
        let total = outputCount
        guard total > 0 else { return [] }
        guard let inner = axes.last else {
            // A scalar: one element.
            return Array(source.prefix(1))
        }
        let rank = axes.count
        let innerCount = inner.count
        let innerOffsets = inner.offsets ?? []
        let innerStart = inner.offset(0)
        var innerContiguous = innerStart >= 0
        var innerHasFill = false
        for (position, offset) in innerOffsets.enumerated() {
            if offset != innerStart + position { innerContiguous = false }
            if offset < 0 { innerHasFill = true }
        }
        return [T](unsafeUninitializedCapacity: total) { output, initialized in
            source.withUnsafeBufferPointer { sourceBuffer in
                innerOffsets.withUnsafeBufferPointer { innerTable in
                    guard let out = output.baseAddress, let src = sourceBuffer.baseAddress else {
                        // No source elements: every output element is the fill value.
                        if let fill { output.initialize(repeating: fill) }
                        initialized = fill == nil ? 0 : total
                        return
                    }
                    var counters = [Int](repeating: 0, count: rank - 1)
                    var position = 0
                    for _ in 0..<(total / innerCount) {
                        var base = 0
                        var rowIsFill = false
                        for axis in 0..<(rank - 1) {
                            let offset = axes[axis].offset(counters[axis])
                            if offset < 0 {
                                rowIsFill = true
                                break
                            }
                            base += offset
                        }
                        let row = out + position
                        if rowIsFill {
                            // `needsFill` guarantees a fill value whenever a map has -1.
                            if let fill { row.initialize(repeating: fill, count: innerCount) }
                        } else if innerContiguous {
                            row.initialize(from: src + base + innerStart, count: innerCount)
                        } else if innerHasFill, let fill {
                            for index in 0..<innerCount {
                                let offset = innerTable[index]
                                (row + index).initialize(to: offset < 0 ? fill : src[base + offset])
                            }
                        } else {
                            for index in 0..<innerCount {
                                (row + index).initialize(to: src[base + innerTable[index]])
                            }
                        }
                        position += innerCount
                        var axis = rank - 2
                        while axis >= 0 {
                            counters[axis] += 1
                            if counters[axis] < axes[axis].count { break }
                            counters[axis] = 0
                            axis -= 1
                        }
                    }
                    initialized = total
                }
            }
        }
    }
}
