import Compute
import Core

/// MaxPool over 1 to 3 spatial axes (padding never wins), with the optional Indices output: the flat index of each
/// maximum in X, its spatial part row-major (storage_order 0) or column-major (1).
struct MaxPoolOperator: Operator {
    let window: WindowAttributes
    let kernel: [Int]
    let ceilMode: Bool
    let columnMajor: Bool
    let wantsIndices: Bool

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        let attributes = node.attributes
        let window = try WindowAttributes(attributes)
        guard let kernel = window.kernelShape else {
            throw KServeError(.invalidInput, "attribute kernel_shape is required")
        }
        let storageOrder = try attributes.int("storage_order", default: 0)
        guard storageOrder == 0 || storageOrder == 1 else {
            throw KServeError(.invalidInput, "attribute storage_order must be 0 or 1, got \(storageOrder)")
        }
        return MaxPoolOperator(
            window: window,
            kernel: kernel,
            ceilMode: try attributes.int("ceil_mode", default: 0) != 0,
            columnMajor: storageOrder == 1,
            wantsIndices: node.outputs.count > 1 && !node.outputs[1].isEmpty
        )
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let x = try inputs.required(0)
        let (planes, geometry, outputShape, count) = try PoolPlan.make(
            x,
            kernel: kernel,
            window: window,
            ceilMode: ceilMode,
            opType: "MaxPool",
            context: context
        )
        if wantsIndices { try context.reserve(elements: count, of: .int64) }
        let storage: TensorStorage
        let indices: [Int64]?
        switch x.storage {
        case .float(let values):
            let result = pool(values, planes: planes, geometry, count: count, lowest: -Float.infinity)
            (storage, indices) = (.float(result.0), result.1)
        case .double(let values):
            let result = pool(values, planes: planes, geometry, count: count, lowest: -Double.infinity)
            (storage, indices) = (.double(result.0), result.1)
        case .int8(let values):
            let result = pool(values, planes: planes, geometry, count: count, lowest: Int8.min)
            (storage, indices) = (.int8(result.0), result.1)
        case .uint8(let values):
            let result = pool(values, planes: planes, geometry, count: count, lowest: UInt8.min)
            (storage, indices) = (.uint8(result.0), result.1)
        case .float16, .bfloat16:
            let wide = NeuralSupport.widenedHalf(x) ?? []
            let result = pool(wide, planes: planes, geometry, count: count, lowest: -Float.infinity)
            (storage, indices) = (NeuralSupport.narrowed(result.0, to: x.elementType), result.1)
        default:
            throw NeuralSupport.unsupportedType("MaxPool", x, expected: "float, double, float16, int8 or uint8")
        }
        var outputs = [Tensor(shape: outputShape, storage: storage)]
        if let indices { outputs.append(Tensor(shape: outputShape, storage: .int64(indices))) }
        return outputs
    }

    private func pool<T: Comparable>(
        _ input: [T],
        planes: Int,
        _ g: WindowGeometry,
        count: Int,
        lowest: T
    ) -> ([T], [Int64]?) {
        let windows = WindowSweep(g)
        let (inH, inW) = (g.input[1], g.input[2])
        let (dilationD, dilationH, dilationW) = (g.dilations[0], g.dilations[1], g.dilations[2])
        let inputSize = g.inputSize
        guard wantsIndices else {
            if let output = Self.poolFullWindows(
                input,
                planes: planes,
                g,
                windows: windows,
                count: count,
                lowest: lowest
            ) {
                return (output, nil)
            }
            let output: [T] = NeuralSupport.array(count: count) { out in
                input.withUnsafeBufferPointer { x in
                    guard let base = x.baseAddress, let outBase = out.baseAddress else {
                        out.initialize(repeating: lowest)
                        return
                    }
                    var target = outBase
                    for plane in 0..<planes {
                        let source = base + plane * inputSize
                        windows.forEachRow { d, h in
                            target.initialize(repeating: lowest, count: windows.outputWidth)
                            for kd in d.low..<d.high {
                                let id = d.start &+ kd &* dilationD
                                for kh in h.low..<h.high {
                                    let row = source + (id &* inH &+ h.start &+ kh &* dilationH) &* inW
                                    windows.sweep(row, into: target) { value, current in
                                        // A select, not a branch: on real data the comparison is a coin toss.
                                        value > current ? value : current
                                    }
                                }
                            }
                            target += windows.outputWidth
                        }
                    }
                }
            }
            return (output, nil)
        }
        // Strides of the spatial index that Indices reports.
        let indexStrides = columnMajor ? (1, g.input[0], g.input[0] * inH) : (inH * inW, inW, 1)
        var indices = [Int64](repeating: 0, count: count)
        let output: [T] = NeuralSupport.array(count: count) { out in
            input.withUnsafeBufferPointer { x in
                indices.withUnsafeMutableBufferPointer { indices in
                    var target = 0
                    for plane in 0..<planes {
                        let source = plane * inputSize
                        windows.forEach { d, h, w in
                            var best = lowest
                            var position = (d.start + d.low * dilationD, h.start + h.low * dilationH, 0)
                            position.2 = w.start + w.low * dilationW
                            var found = false
                            for kd in d.low..<d.high {
                                let id = d.start + kd * dilationD
                                for kh in h.low..<h.high {
                                    let ih = h.start + kh * dilationH
                                    let row = source + (id * inH + ih) * inW
                                    for kw in w.low..<w.high {
                                        let iw = w.start + kw * dilationW
                                        let value = x[row + iw]
                                        // NaN never wins; the first of equal maxima does.
                                        if value > best || (!found && value == value) {
                                            (best, position, found) = (value, (id, ih, iw), true)
                                        }
                                    }
                                }
                            }
                            out.initializeElement(at: target, to: best)
                            let spatial =
                                position.0 * indexStrides.0 + position.1 * indexStrides.1 + position.2 * indexStrides.2
                            indices[target] = Int64(source + spatial)
                            target += 1
                        }
                    }
                }
            }
        }
        return (output, indices)
    }
}

extension MaxPoolOperator {
    /// 2x2 windows at stride 2 of float rows, eight outputs at a time: each row's pairs split into even and odd
    /// lanes and combined with selects (NaN never wins). Answers how many outputs it wrote (a multiple of 8).
    private static func pairs<T>(
        _ top: UnsafePointer<T>,
        _ bottom: UnsafePointer<T>,
        into target: UnsafeMutablePointer<T>,
        count: Int
    ) -> Int {
        var ow = 0
        while ow + 8 <= count {
            let upper = UnsafeRawPointer(top + 2 &* ow).loadUnaligned(as: SIMD16<Float>.self)
            let lower = UnsafeRawPointer(bottom + 2 &* ow).loadUnaligned(as: SIMD16<Float>.self)
            var best = SIMD8<Float>(repeating: -.infinity)
            best.replace(with: upper.evenHalf, where: upper.evenHalf .> best)
            best.replace(with: upper.oddHalf, where: upper.oddHalf .> best)
            best.replace(with: lower.evenHalf, where: lower.evenHalf .> best)
            best.replace(with: lower.oddHalf, where: lower.oddHalf .> best)
            UnsafeMutableRawPointer(target + ow).storeBytes(of: best, as: SIMD8<Float>.self)
            ow += 8
        }
        return ow
    }

    /// The common pool of CNNs: 2-D, no window reaching into padding, no dilation (LeNet's and VGG's 2x2 stride 2).
    /// Each output reads its window directly, which for short rows costs less than sweeping rows kernel column by
    /// kernel column; nil when the geometry is not of that kind. NaN never wins, as in the sweep.
    fileprivate static func poolFullWindows<T: Comparable>(
        _ input: [T],
        planes: Int,
        _ g: WindowGeometry,
        windows: WindowSweep,
        count: Int,
        lowest: T
    ) -> [T]? {
        let (kernelH, kernelW) = (g.kernel[1], g.kernel[2])
        let full = { (window: WindowSweep.Window, kernel: Int) in window.low == 0 && window.high == kernel }
        guard g.kernel[0] == 1, g.input[0] == 1, g.dilations.allSatisfy({ $0 == 1 }),
            windows.height.allSatisfy({ full($0, kernelH) }), windows.width.allSatisfy({ full($0, kernelW) })
        else { return nil }
        let (inH, inW) = (g.input[1], g.input[2])
        let (outH, outW) = (windows.height.count, windows.width.count)
        let (strideW, startW) = (g.strides[2], windows.width.first?.start ?? 0)
        return NeuralSupport.array(count: count) { out in
            input.withUnsafeBufferPointer { x in
                guard let base = x.baseAddress, var target = out.baseAddress else {
                    out.initialize(repeating: lowest)
                    return
                }
                for plane in 0..<planes {
                    let source = base + plane * inH * inW
                    for oh in 0..<outH {
                        let top = source + windows.height[oh].start * inW + startW
                        if kernelH == 2 && kernelW == 2 {
                            let bottom = top + inW
                            var ow = 0
                            if T.self == Float.self && strideW == 2 {
                                ow = Self.pairs(top, bottom, into: target, count: outW)
                            }
                            while ow < outW {
                                defer { ow += 1 }
                                let column = ow &* strideW
                                var best = lowest
                                best = top[column] > best ? top[column] : best
                                best = top[column &+ 1] > best ? top[column &+ 1] : best
                                best = bottom[column] > best ? bottom[column] : best
                                best = bottom[column &+ 1] > best ? bottom[column &+ 1] : best
                                target[ow] = best
                            }
                        } else {
                            for ow in 0..<outW {
                                var best = lowest
                                for kh in 0..<kernelH {
                                    let row = top + kh &* inW + ow &* strideW
                                    for kw in 0..<kernelW { best = row[kw] > best ? row[kw] : best }
                                }
                                target[ow] = best
                            }
                        }
                        target += outW
                    }
                }
            }
        }
    }
}
