/// The unrolling that turns a convolution into a matrix product, and its inverse for ConvTranspose.
///
/// The column matrix has one row per (channel, kernel position) and one column per output position: row
/// `(c * KD + kd) * KH * KW + kh * KW + kw`, column `(od * OH + oh) * OW + ow`, holding the input element under that
/// kernel position of that window (0 in the padding). Geometries are always three-axis (see ``WindowGeometry``).
enum Im2Col {
    /// Writes the column matrix of `channels` input planes at `input` into `columns`
    /// (`channels * kernelSize` rows of `outputSize`).
    static func unroll<T: NeuralElement>(
        _ input: UnsafePointer<T>,
        channels: Int,
        geometry g: WindowGeometry,
        into columns: UnsafeMutablePointer<T>
    ) {
        let (inD, inH, inW) = (g.input[0], g.input[1], g.input[2])
        let (outD, outH, outW) = (g.output[0], g.output[1], g.output[2])
        let planeSize = outH * outW
        let contiguousRows = g.strides[1] == 1 && g.strides[2] == 1 && outW == inW
        var row = columns
        for channel in 0..<channels {
            let plane = input + channel * inD * inH * inW
            for kd in 0..<g.kernel[0] {
                for kh in 0..<g.kernel[1] {
                    for kw in 0..<g.kernel[2] {
                        let offsetW = kw * g.dilations[2] - g.padBegin[2]
                        let (low, high) = validRange(offset: offsetW, stride: g.strides[2], size: inW, count: outW)
                        var target = row
                        for od in 0..<outD {
                            let id = od * g.strides[0] - g.padBegin[0] + kd * g.dilations[0]
                            guard id >= 0, id < inD else {
                                target.initialize(repeating: 0, count: planeSize)
                                target += planeSize
                                continue
                            }
                            if contiguousRows {
                                let depthPlane = plane + id * inH * inW
                                let shiftH = kh * g.dilations[1] - g.padBegin[1]
                                unrollRows(
                                    depthPlane,
                                    shiftH: shiftH,
                                    offsetW: offsetW,
                                    low: low,
                                    high: high,
                                    g,
                                    target
                                )
                                target += planeSize
                                continue
                            }
                            for oh in 0..<outH {
                                let ih = oh * g.strides[1] - g.padBegin[1] + kh * g.dilations[1]
                                guard ih >= 0, ih < inH else {
                                    target.initialize(repeating: 0, count: outW)
                                    target += outW
                                    continue
                                }
                                let source = plane + (id * inH + ih) * inW + offsetW
                                // Rows are short (tens of elements): plain loops, which the compiler vectorises,
                                // cost less here than a memset and a memcpy call each.
                                for ow in 0..<low { target[ow] = 0 }
                                if g.strides[2] == 1 {
                                    for ow in low..<high { target[ow] = source[ow] }
                                } else {
                                    let stride = g.strides[2]
                                    for ow in low..<high { target[ow] = source[ow * stride] }
                                }
                                for ow in high..<outW { target[ow] = 0 }
                                target += outW
                            }
                        }
                        row += outD * planeSize
                    }
                }
            }
        }
    }

    /// One kernel position's rows of one depth slice when strides are 1 and the output is as wide as the input
    /// ("same" padding): the output rows that see the input are then one contiguous run of it, shifted, so they are
    /// copied as one block and the columns that fall in the padding are zeroed after. Short rows one by one cost more
    /// in loop control than in copying.
    private static func unrollRows<T: NeuralElement>(
        _ plane: UnsafePointer<T>,
        shiftH: Int,
        offsetW: Int,
        low: Int,
        high: Int,
        _ g: WindowGeometry,
        _ target: UnsafeMutablePointer<T>
    ) {
        let (inH, width, outH) = (g.input[1], g.input[2], g.output[1])
        let (rowLow, rowHigh) = validRange(offset: shiftH, stride: 1, size: inH, count: outH)
        let (begin, end) = (rowLow * width, rowHigh * width)
        target.initialize(repeating: 0, count: begin)
        // Target element t reads source element t + delta; the clamps keep every read inside the plane (an element
        // past either end of it is in a padding column, zeroed below).
        let delta = (rowLow + shiftH) * width + offsetW - begin
        let copyBegin = min(end, max(begin, -delta))
        let copyEnd = max(copyBegin, min(end, inH * width - delta))
        (target + begin).initialize(repeating: 0, count: copyBegin - begin)
        (target + copyBegin).initialize(from: plane + (copyBegin + delta), count: copyEnd - copyBegin)
        (target + copyEnd).initialize(repeating: 0, count: end - copyEnd)
        if low > 0 || high < width {
            for oh in rowLow..<rowHigh {
                let rowStart = target + oh * width
                for ow in 0..<low { rowStart[ow] = 0 }
                for ow in high..<width { rowStart[ow] = 0 }
            }
        }
        (target + end).initialize(repeating: 0, count: (outH - rowHigh) * width)
    }

    /// Adds the column matrix (`channels * kernelSize` rows of `inputSize`, one column per input position of the
    /// transposed convolution) into the `channels` output planes at `output`: the scatter of ConvTranspose, where
    /// `geometry` is the forward convolution from the output back to the input.
    static func fold<T: NeuralElement>(
        _ columns: UnsafePointer<T>,
        channels: Int,
        geometry g: WindowGeometry,
        into output: UnsafeMutablePointer<T>
    ) {
        // In the forward view, `g.input` is the (larger) ConvTranspose output and `g.output` its input.
        let (bigD, bigH, bigW) = (g.input[0], g.input[1], g.input[2])
        let (smallD, smallH, smallW) = (g.output[0], g.output[1], g.output[2])
        var row = columns
        for channel in 0..<channels {
            let plane = output + channel * bigD * bigH * bigW
            for kd in 0..<g.kernel[0] {
                for kh in 0..<g.kernel[1] {
                    for kw in 0..<g.kernel[2] {
                        let offsetW = kw * g.dilations[2] - g.padBegin[2]
                        let (low, high) = validRange(offset: offsetW, stride: g.strides[2], size: bigW, count: smallW)
                        var source = UnsafePointer(row)
                        for sd in 0..<smallD {
                            let bd = sd * g.strides[0] - g.padBegin[0] + kd * g.dilations[0]
                            guard bd >= 0, bd < bigD else {
                                source += smallH * smallW
                                continue
                            }
                            for sh in 0..<smallH {
                                let bh = sh * g.strides[1] - g.padBegin[1] + kh * g.dilations[1]
                                if bh >= 0, bh < bigH {
                                    let target = plane + (bd * bigH + bh) * bigW + offsetW
                                    let stride = g.strides[2]
                                    for sw in low..<high { target[sw * stride] += source[sw] }
                                }
                                source += smallW
                            }
                        }
                        row += smallD * smallH * smallW
                    }
                }
            }
        }
    }

    /// The output positions `low..<high` (of `count`) whose input position `position * stride + offset` lies in
    /// `0..<size`.
    static func validRange(offset: Int, stride: Int, size: Int, count: Int) -> (Int, Int) {
        let low = min(count, max(0, ceilingDivision(-offset, stride)))
        let high = max(low, min(count, ceilingDivision(size - offset, stride)))
        return (low, high)
    }

    /// `a / b` rounded up, for `b > 0` and any sign of `a`.
    static func ceilingDivision(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? (a + b - 1) / b : -((-a) / b)
    }
}
