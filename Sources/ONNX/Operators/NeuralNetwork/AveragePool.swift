import Compute
import Core

/// AveragePool over 1 to 3 spatial axes. The divisor counts the window's elements inside X, or with
/// count_include_pad also those in the explicit padding (never the part of a ceil_mode window past the padding).
struct AveragePoolOperator: Operator {
    let window: WindowAttributes
    let kernel: [Int]
    let ceilMode: Bool
    let countIncludePad: Bool

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        let attributes = node.attributes
        let window = try WindowAttributes(attributes)
        guard let kernel = window.kernelShape else {
            throw KServeError(.invalidInput, "attribute kernel_shape is required")
        }
        return AveragePoolOperator(
            window: window,
            kernel: kernel,
            ceilMode: try attributes.int("ceil_mode", default: 0) != 0,
            countIncludePad: try attributes.int("count_include_pad", default: 0) != 0
        )
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let x = try inputs.required(0)
        let (planes, geometry, outputShape) = try PoolPlan.make(
            x.shape,
            kernel: kernel,
            window: window,
            ceilMode: ceilMode,
            opType: "AveragePool"
        )
        let count = try NeuralSupport.product(outputShape)
        try context.reserve(elements: count, of: x.elementType)
        switch x.storage {
        case .float(let values):
            return [Tensor(shape: outputShape, values: pool(values, planes: planes, geometry, count: count))]
        case .double(let values):
            return [Tensor(shape: outputShape, values: pool(values, planes: planes, geometry, count: count))]
        case .float16, .bfloat16:
            let result = pool(NeuralSupport.widenedHalf(x) ?? [], planes: planes, geometry, count: count)
            return [Tensor(shape: outputShape, storage: NeuralSupport.narrowed(result, to: x.elementType))]
        default:
            throw NeuralSupport.unsupportedType("AveragePool", x, expected: "float, double or float16")
        }
    }

    /// For each output position along `axis`, how many of its window's elements the divisor counts.
    private func divisors(_ g: WindowGeometry, axis: Int) -> [Int] {
        let low = countIncludePad ? -g.padBegin[axis] : 0
        let high = g.input[axis] + (countIncludePad ? g.padEnd[axis] : 0)
        return (0..<g.output[axis]).map { position in
            let start = position * g.strides[axis] - g.padBegin[axis]
            return (0..<g.kernel[axis]).reduce(0) { total, k in
                let at = start + k * g.dilations[axis]
                return at >= low && at < high ? total + 1 : total
            }
        }
    }

    private func pool<T: NeuralElement>(_ input: [T], planes: Int, _ g: WindowGeometry, count: Int) -> [T] {
        let (inD, inH, inW) = (g.input[0], g.input[1], g.input[2])
        let (outD, outH, outW) = (g.output[0], g.output[1], g.output[2])
        let (inputSize, outputSize) = (g.inputSize, g.outputSize)
        let (kernelD, kernelH, kernelW) = (g.kernel[0], g.kernel[1], g.kernel[2])
        let (strideD, strideH, strideW) = (g.strides[0], g.strides[1], g.strides[2])
        let (dilationD, dilationH, dilationW) = (g.dilations[0], g.dilations[1], g.dilations[2])
        let (padD, padH, padW) = (g.padBegin[0], g.padBegin[1], g.padBegin[2])
        let (countD, countH, countW) = (divisors(g, axis: 0), divisors(g, axis: 1), divisors(g, axis: 2))
        return NeuralSupport.array(count: count) { out in
            input.withUnsafeBufferPointer { x in
                for plane in 0..<planes {
                    let source = plane * inputSize
                    var target = plane * outputSize
                    for od in 0..<outD {
                        let startD = od * strideD - padD
                        for oh in 0..<outH {
                            let startH = oh * strideH - padH
                            for ow in 0..<outW {
                                let startW = ow * strideW - padW
                                var sum: T = 0
                                for kd in 0..<kernelD {
                                    let id = startD + kd * dilationD
                                    guard id >= 0, id < inD else { continue }
                                    for kh in 0..<kernelH {
                                        let ih = startH + kh * dilationH
                                        guard ih >= 0, ih < inH else { continue }
                                        let row = source + (id * inH + ih) * inW
                                        for kw in 0..<kernelW {
                                            let iw = startW + kw * dilationW
                                            guard iw >= 0, iw < inW else { continue }
                                            sum += x[row + iw]
                                        }
                                    }
                                }
                                let divisor = countD[od] * countH[oh] * countW[ow]
                                out.initializeElement(at: target, to: sum / T(divisor))
                                target += 1
                            }
                        }
                    }
                }
            }
        }
    }
}
