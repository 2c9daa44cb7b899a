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
        let (planes, geometry, outputShape, count) = try PoolPlan.make(
            x,
            kernel: kernel,
            window: window,
            ceilMode: ceilMode,
            opType: "AveragePool",
            context: context
        )
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

    /// With count_include_pad, for each output position along `axis`, how many of its window's elements lie in X or
    /// its explicit padding.
    private func paddedCounts(_ g: WindowGeometry, axis: Int) -> [Int] {
        let low = -g.padBegin[axis]
        let high = g.input[axis] + g.padEnd[axis]
        return (0..<g.output[axis]).map { position in
            let start = position * g.strides[axis] - g.padBegin[axis]
            return (0..<g.kernel[axis]).reduce(0) { total, k in
                let at = start + k * g.dilations[axis]
                return at >= low && at < high ? total + 1 : total
            }
        }
    }

    private func pool<T: NeuralElement>(_ input: [T], planes: Int, _ g: WindowGeometry, count: Int) -> [T] {
        let windows = WindowSweep(g)
        let (inH, inW) = (g.input[1], g.input[2])
        let (dilationD, dilationH) = (g.dilations[0], g.dilations[1])
        let inputSize = g.inputSize
        // Divisors per output position (the same for every plane).
        var divisors: [T] = []
        divisors.reserveCapacity(g.outputSize)
        if countIncludePad {
            let (countD, countH, countW) = (
                paddedCounts(g, axis: 0), paddedCounts(g, axis: 1), paddedCounts(g, axis: 2)
            )
            for d in countD { for h in countH { for w in countW { divisors.append(T(d * h * w)) } } }
        } else {
            windows.forEach { d, h, w in divisors.append(T((d.high - d.low) * (h.high - h.low) * (w.high - w.low))) }
        }
        return NeuralSupport.array(count: count) { out in
            input.withUnsafeBufferPointer { x in
                guard let base = x.baseAddress, let outBase = out.baseAddress else {
                    // An empty X padded into windows: nothing to average.
                    out.initialize(repeating: .nan)
                    return
                }
                let width = windows.outputWidth
                var target = outBase
                for plane in 0..<planes {
                    let source = base + plane * inputSize
                    var position = 0
                    windows.forEachRow { d, h in
                        target.initialize(repeating: 0, count: width)
                        for kd in d.low..<d.high {
                            let id = d.start &+ kd &* dilationD
                            for kh in h.low..<h.high {
                                let row = source + (id &* inH &+ h.start &+ kh &* dilationH) &* inW
                                windows.sweep(row, into: target) { value, sum in sum + value }
                            }
                        }
                        for column in 0..<width { target[column] /= divisors[position + column] }
                        target += width
                        position += width
                    }
                }
            }
        }
    }
}
