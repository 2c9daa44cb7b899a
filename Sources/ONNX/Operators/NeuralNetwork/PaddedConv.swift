import Compute
import Core

/// Unit-stride 2-D convolutions over a zero-padded copy of the input. With the input padded to `Hp x Wp`, the
/// unrolled row of channel c and kernel position (kh, kw) is one contiguous run of the padded plane, starting at
/// `kh * Wp + kw` (dilated), if the product computes `Wp` columns per output row instead of `W_out`: the extra
/// `(kW - 1) * dilation` columns are discarded afterwards. So unrolling is one copy per row with no edge handling,
/// and the product adds onto its rows preset to the bias.
struct PaddedConv {
    let paddedHeight: Int
    let paddedWidth: Int
    let outputHeight: Int
    let outputWidth: Int
    let padTop: Int
    let padLeft: Int
    /// Elements a row copy may read past the last padded plane (they land in discarded columns).
    let slack: Int
    /// Columns of the product: `outputHeight * paddedWidth`.
    let columns: Int

    /// nil unless the geometry is 2-D with unit strides and non-negative pads, and the discarded columns are at most
    /// a quarter of the product (a wide kernel on a narrow image is better unrolled exactly).
    init?(_ g: WindowGeometry) {
        guard g.input[0] == 1, g.kernel[0] == 1, g.output[0] == 1, g.strides[1] == 1, g.strides[2] == 1,
            g.padBegin.allSatisfy({ $0 >= 0 }), g.padEnd.allSatisfy({ $0 >= 0 })
        else { return nil }
        // Bounded sizes keep the arithmetic below far from overflow; anything larger takes the general path.
        let limit = 1 << 20
        guard
            [g.kernel[1], g.kernel[2], g.dilations[1], g.dilations[2], g.output[1], g.output[2]].allSatisfy({
                $0 < limit
            })
        else { return nil }
        outputHeight = g.output[1]
        outputWidth = g.output[2]
        guard outputHeight > 0, outputWidth > 0 else { return nil }
        let (rowReach, columnReach) = ((g.kernel[1] - 1) * g.dilations[1], (g.kernel[2] - 1) * g.dilations[2])
        paddedHeight = outputHeight + rowReach
        paddedWidth = outputWidth + columnReach
        guard columnReach * 4 <= paddedWidth else { return nil }
        padTop = g.padBegin[1]
        padLeft = g.padBegin[2]
        slack = columnReach
        columns = outputHeight * paddedWidth
    }

    /// Element counts of the three temporaries for `channels` input planes, `rows` unrolled rows and `filters`.
    func scratchCounts(
        channels: Int,
        rows: Int,
        filters: Int
    ) throws(KServeError) -> (padded: Int, unrolled: Int, product: Int) {
        let plane = try NeuralSupport.multiply(paddedHeight, paddedWidth)
        let padded = try NeuralSupport.sum(try NeuralSupport.multiply(channels, plane), slack)
        return (padded, try NeuralSupport.multiply(rows, columns), try NeuralSupport.multiply(filters, columns))
    }

    /// Copies `channels` planes of `g.input` into `padded` (zeroed around them).
    func pad<T: NeuralElement>(
        _ planes: UnsafePointer<T>,
        channels: Int,
        _ g: WindowGeometry,
        into padded: UnsafeMutablePointer<T>
    ) {
        let (inH, inW) = (g.input[1], g.input[2])
        let planeSize = paddedHeight * paddedWidth
        padded.update(repeating: 0, count: channels * planeSize + slack)
        let rowsCopied = max(0, min(inH, paddedHeight - padTop))
        let width = max(0, min(inW, paddedWidth - padLeft))
        for channel in 0..<channels {
            let source = planes + channel * inH * inW
            let target = padded + channel * planeSize + padTop * paddedWidth + padLeft
            for row in 0..<rowsCopied {
                (target + row * paddedWidth).update(from: source + row * inW, count: width)
            }
        }
    }

    /// The unrolled matrix: one contiguous copy of `columns` elements per (channel, kh, kw).
    func unroll<T: NeuralElement>(
        _ padded: UnsafePointer<T>,
        channels: Int,
        _ g: WindowGeometry,
        into unrolled: UnsafeMutablePointer<T>
    ) {
        let planeSize = paddedHeight * paddedWidth
        var row = unrolled
        for channel in 0..<channels {
            for kh in 0..<g.kernel[1] {
                for kw in 0..<g.kernel[2] {
                    let start = channel * planeSize + kh * g.dilations[1] * paddedWidth + kw * g.dilations[2]
                    row.update(from: padded + start, count: columns)
                    row += columns
                }
            }
        }
    }

    /// Each filter's row of the product set to its bias (0 without one), for a product that adds onto it (beta 1):
    /// OpenBLAS clears C for beta 0 in a loop slower than this fill.
    func fillBias<T: NeuralElement>(_ product: UnsafeMutablePointer<T>, filters: Int, bias: UnsafePointer<T>?) {
        for filter in 0..<filters {
            let value = bias?[filter] ?? 0
            let row = product + filter * columns
            for column in 0..<columns { row[column] = value }
        }
    }

    /// The output planes of `filters` filters from the product, dropping the padded columns; with `clamp`, negative
    /// values become 0 on the way (a fused Relu).
    func compact<T: NeuralElement>(
        _ product: UnsafePointer<T>,
        filters: Int,
        clamp: Bool,
        into output: UnsafeMutablePointer<T>
    ) {
        var target = output
        for filter in 0..<filters {
            for outputRow in 0..<outputHeight {
                let source = product + filter * columns + outputRow * paddedWidth
                if clamp {
                    for column in 0..<outputWidth {
                        let value = source[column]
                        target[column] = value < 0 ? 0 : value
                    }
                } else {
                    target.update(from: source, count: outputWidth)
                }
                target += outputWidth
            }
        }
    }
}
