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
                            for oh in 0..<outH {
                                let ih = oh * g.strides[1] - g.padBegin[1] + kh * g.dilations[1]
                                guard ih >= 0, ih < inH else {
                                    target.initialize(repeating: 0, count: outW)
                                    target += outW
                                    continue
                                }
                                let source = plane + (id * inH + ih) * inW + offsetW
                                target.initialize(repeating: 0, count: low)
                                if g.strides[2] == 1 {
                                    (target + low).initialize(from: source + low, count: high - low)
                                } else {
                                    let stride = g.strides[2]
                                    for ow in low..<high { target[ow] = source[ow * stride] }
                                }
                                (target + high).initialize(repeating: 0, count: outW - high)
                                target += outW
                            }
                        }
                        row += outD * planeSize
                    }
                }
            }
        }
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
