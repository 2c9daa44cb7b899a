/// A depthwise convolution (one input plane, one kernel, one output plane) swept row by row like the pools, a
/// multiply-add per element: unrolling the plane would only feed a product with a single row of weights.
enum DepthwiseConv {
    /// Adds the convolution of `plane` with `kernel` into `output` (already holding the bias or zeros).
    static func accumulate<T: NeuralElement>(
        _ plane: UnsafePointer<T>,
        kernel: UnsafePointer<T>,
        geometry g: WindowGeometry,
        sweep: WindowSweep,
        into output: UnsafeMutablePointer<T>
    ) {
        let (inH, inW) = (g.input[1], g.input[2])
        let (kernelH, kernelW) = (g.kernel[1], g.kernel[2])
        let (dilationD, dilationH) = (g.dilations[0], g.dilations[1])
        let stride = sweep.columnStride
        var target = output
        sweep.forEachRow { d, h in
            // Offsets stay inside the plane (the windows were clipped to it), so they cannot overflow.
            for kd in d.low..<d.high {
                let id = d.start &+ kd &* dilationD
                for kh in h.low..<h.high {
                    let row = plane + (id &* inH &+ h.start &+ kh &* dilationH) &* inW
                    let weights = kernel + (kd &* kernelH &+ kh) &* kernelW
                    for (kw, column) in sweep.columns.enumerated() {
                        let weight = weights[kw]
                        let source = row + (column.low &* stride &+ column.offset)
                        let destination = target + column.low
                        let count = column.high &- column.low
                        if stride == 1 {
                            // Contiguous on both sides: the compiler vectorises this one.
                            for index in 0..<count { destination[index] += weight * source[index] }
                        } else {
                            for index in 0..<count { destination[index] += weight * source[index &* stride] }
                        }
                    }
                }
            }
            target += sweep.outputWidth
        }
    }
}
