/// The windows of a pool or a depthwise convolution along each of the three axes: where each window starts in the
/// input and the kernel positions `low..<high` that fall inside it (the rest are padding), so that the loops over a
/// window test nothing. Output rows are computed by sweeping whole input rows into them, a kernel column at a time.
struct WindowSweep {
    struct Window {
        var start: Int
        var low: Int
        var high: Int
    }

    /// For one kernel column: the output columns `low..<high` whose input column `column * stride + offset` lies in X.
    struct Column {
        var low: Int
        var high: Int
        var offset: Int
    }

    let depth: [Window]
    let height: [Window]
    let width: [Window]
    let columns: [Column]
    let columnStride: Int
    var outputWidth: Int { width.count }

    init(_ g: WindowGeometry) {
        depth = Self.windows(g, axis: 0)
        height = Self.windows(g, axis: 1)
        width = Self.windows(g, axis: 2)
        columnStride = g.strides[2]
        columns = (0..<g.kernel[2]).map { kw in
            let offset = kw * g.dilations[2] - g.padBegin[2]
            let (low, high) = Im2Col.validRange(
                offset: offset,
                stride: g.strides[2],
                size: g.input[2],
                count: g.output[2]
            )
            return Column(low: low, high: high, offset: offset)
        }
    }

    private static func windows(_ g: WindowGeometry, axis: Int) -> [Window] {
        let (stride, dilation, size, kernel) = (g.strides[axis], g.dilations[axis], g.input[axis], g.kernel[axis])
        return (0..<g.output[axis]).map { position in
            let start = position * stride - g.padBegin[axis]
            let low = min(kernel, max(0, Im2Col.ceilingDivision(-start, dilation)))
            let high = max(low, min(kernel, Im2Col.ceilingDivision(size - start, dilation)))
            return Window(start: start, low: low, high: high)
        }
    }

    /// Calls `body` with the depth and height windows of each output row, in row-major order.
    @inline(__always)
    func forEachRow(_ body: (Window, Window) -> Void) {
        for d in depth {
            for h in height { body(d, h) }
        }
    }

    /// Folds one input row into an output row, a kernel column at a time: `target[column]` becomes
    /// `combine(row[column * stride + offset], target[column])` for every column that the kernel column reaches in X.
    /// Each pass is a plain strided loop, with nothing to test per element.
    @inline(__always)
    func sweep<T>(_ row: UnsafePointer<T>, into target: UnsafeMutablePointer<T>, _ combine: (T, T) -> T) {
        let stride = columnStride
        for column in columns {
            let source = row + (column.low &* stride &+ column.offset)
            let destination = target + column.low
            let count = column.high &- column.low
            if stride == 1 {
                // Contiguous on both sides: the compiler vectorises this one.
                for index in 0..<count { destination[index] = combine(source[index], destination[index]) }
            } else {
                for index in 0..<count { destination[index] = combine(source[index &* stride], destination[index]) }
            }
        }
    }

    /// Calls `body` with each output position's windows, in row-major order.
    @inline(__always)
    func forEach(_ body: (Window, Window, Window) -> Void) {
        for d in depth {
            for h in height {
                for w in width { body(d, h, w) }
            }
        }
    }
}
