import Compute
import Core

/// The Reduce family: ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceSumSquare, ReduceL1, ReduceL2,
/// ReduceLogSum and ReduceLogSumExp.
///
/// `axes` is an INTS attribute until the opset that moves it to an optional int64 input (13 for ReduceSum, 18 for
/// the others); no axes reduces every axis, or, from that opset with `noop_with_empty_axes`, none (each element is
/// then reduced alone: the input itself for Sum, its square for SumSquare). `keepdims` (default 1) keeps reduced
/// axes as size 1. An empty reduction gives the identity: 0 for Sum, -inf (or the type's minimum) for Max, NaN for
/// a floating-point Mean.
struct Reduce: Operator {
    enum Kind: Sendable {
        case sum
        case mean
        case max
        case min
        case prod
        case sumSquare
        case l1
        case l2
        case logSum
        case logSumExp

        /// The kinds whose result is not of the input's arithmetic: integers compute them in Double.
        var needsFloatingPoint: Bool {
            switch self {
            case .l2, .logSum, .logSumExp: return true
            default: return false
            }
        }
    }

    let kind: Kind
    let keepDims: Bool
    /// The `axes` attribute of the opsets before axes became an input; nil for "every axis" or the input form.
    let attributeAxes: [Int64]?
    let axesFromInput: Bool
    let noopWithEmptyAxes: Bool

    /// The factory of `kind`, whose axes are an input from opset `axesInputSince`.
    static func make(_ kind: Kind, axesInputSince: Int) -> OperatorFactory {
        { (node: NodeDescription) throws(KServeError) -> any Operator in
            let fromInput = node.opsetVersion >= axesInputSince
            let noop = try node.attributes.int("noop_with_empty_axes", default: 0) != 0
            return Reduce(
                kind: kind,
                keepDims: try node.attributes.int("keepdims", default: 1) != 0,
                attributeAxes: fromInput ? nil : try node.attributes.ints("axes"),
                axesFromInput: fromInput,
                noopWithEmptyAxes: fromInput && noop
            )
        }
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try inputs.required(0)
        let shape = input.shape
        guard try Tensor.elementCount(shape) == input.count else {
            throw KServeError(
                .invalidInput,
                "a tensor of shape \(Tensor.describe(shape)) holds \(input.count) elements"
            )
        }
        var axes = attributeAxes ?? []
        if axesFromInput, let tensor = inputs.optional(1) {
            guard let values = tensor.integers() else {
                throw KServeError(.invalidInput, "axes must be an int64 tensor, got \(tensor.elementType)")
            }
            axes = values
        }
        var reduced = [Bool](repeating: false, count: shape.count)
        if !axes.isEmpty {
            // A repeated axis reduces once (the trial run at load may feed axes of zeros).
            for axis in axes { reduced[try Axes.normalize(axis, rank: shape.count)] = true }
        } else if !noopWithEmptyAxes {
            reduced = [Bool](repeating: true, count: shape.count)
        }
        var kept = shape
        var outputShape: [Int] = []
        for axis in shape.indices {
            if reduced[axis] {
                kept[axis] = 1
                if keepDims { outputShape.append(1) }
            } else {
                outputShape.append(shape[axis])
            }
        }
        let reduction = try Reduction(input: input.shape, kept: kept)
        return [try reduce(input, reduction).reshaped(outputShape)]
    }

    /// The reduced tensor, in the keep-dims shape.
    private func reduce(_ input: Tensor, _ reduction: Reduction) throws(KServeError) -> Tensor {
        switch input.storage {
        case .bool(let flags) where kind == .max || kind == .min:
            // Max is any, min is all: the same as over 0 and 1.
            let bytes = Tensor(shape: input.shape, storage: .uint8(flags.map { $0 ? 1 : 0 }))
            let result = try reduce(bytes, reduction)
            return Tensor(shape: result.shape, storage: .bool((result.values(UInt8.self) ?? []).map { $0 != 0 }))
        case .float16, .bfloat16:
            let widened = try reduce(HalfPrecisionBridge.widened(input), reduction)
            return HalfPrecisionBridge.narrowed(widened, to: input.elementType)
        default:
            break
        }
        if kind.needsFloatingPoint && !input.elementType.isFloatingPoint {
            guard let doubles = input.doubles() else {
                throw KServeError(.invalidInput, "\(input.elementType) tensors do not reduce")
            }
            let result = try reduce(Tensor(shape: input.shape, storage: .double(doubles)), reduction)
            return try CastConversion.convert(result, to: input.elementType)
        }
        let storage: TensorStorage
        if kind.needsFloatingPoint {
            storage = try ElementDispatch.floating(
                input.elementType,
                FloatingKernel(kind: kind, x: input, reduction: reduction)
            )
        } else {
            storage = try ElementDispatch.numeric(
                input.elementType,
                NumericKernel(kind: kind, x: input, reduction: reduction)
            )
        }
        return Tensor(shape: reduction.kept, storage: storage)
    }

    /// The input's shape, the output's with reduced axes kept as 1, and how their elements line up.
    struct Reduction {
        let kept: [Int]
        /// Input 0 is the input, input 1 the output broadcast over it (stride 0 along the reduced axes).
        let layout: BroadcastLayout
        let outputCount: Int
        /// Input elements per output element.
        let groupSize: Int

        init(input: [Int], kept: [Int]) throws(KServeError) {
            self.kept = kept
            self.layout = try BroadcastLayout(shapes: [input, kept])
            self.outputCount = try Tensor.elementCount(kept)
            let inputCount = try Tensor.elementCount(input)
            self.groupSize = outputCount > 0 ? inputCount / outputCount : 0
        }

        /// Folds every input element into its output's accumulator: the innermost run either accumulates into one
        /// output (a reduced axis) or walks the outputs alongside (a kept one).
        @inline(__always)
        func fold<T, A>(_ values: [T], into accumulators: inout [A], _ combine: (A, T) -> A) {
            let dims = layout.dims
            guard layout.count > 0, let inner = dims.last else {
                if layout.count == 1, let value = values.first, !accumulators.isEmpty {
                    accumulators[0] = combine(accumulators[0], value)
                }
                return
            }
            let rank = dims.count
            let inputStrides = layout.strides[0]
            let outputStrides = layout.strides[1]
            let si = inputStrides[rank - 1]
            let so = outputStrides[rank - 1]
            values.withUnsafeBufferPointer { source in
                accumulators.withUnsafeMutableBufferPointer { target in
                    guard let pi = source.baseAddress, let po = target.baseAddress else { return }
                    var offsetIn = 0
                    var offsetOut = 0
                    var done = 0
                    var counters = [Int](repeating: 0, count: rank)
                    while done < layout.count {
                        let x = pi + offsetIn
                        let y = po + offsetOut
                        if so == 0 {
                            var accumulator = y[0]
                            for k in 0..<inner { accumulator = combine(accumulator, x[k * si]) }
                            y[0] = accumulator
                        } else {
                            for k in 0..<inner { y[k * so] = combine(y[k * so], x[k * si]) }
                        }
                        done += inner
                        var axis = rank - 2
                        while axis >= 0 {
                            counters[axis] += 1
                            offsetIn += inputStrides[axis]
                            offsetOut += outputStrides[axis]
                            if counters[axis] < dims[axis] { break }
                            offsetIn -= inputStrides[axis] * dims[axis]
                            offsetOut -= outputStrides[axis] * dims[axis]
                            counters[axis] = 0
                            axis -= 1
                        }
                    }
                }
            }
        }
    }

    private struct NumericKernel: NumericVisitor {
        let kind: Kind
        let x: Tensor
        let reduction: Reduction

        func visit<T: NumericElement>(_: T.Type) throws(KServeError) -> TensorStorage {
            let values = try ElementDispatch.values(x, as: T.self)
            let count = reduction.outputCount
            var result: [T]
            switch kind {
            case .sum, .mean:
                result = [T](repeating: T.zero, count: count)
                reduction.fold(values, into: &result) { T.plus($0, $1) }
                if kind == .mean {
                    if T.isInteger {
                        let divisor = T(castingInt64: Int64(reduction.groupSize))
                        result = divisor == T.zero ? result : result.map { T.quotient($0, divisor) }
                    } else {
                        // 0 / 0 is NaN: the mean of nothing.
                        let divisor = T(castingInt64: Int64(reduction.groupSize))
                        result = result.map { T.quotient($0, divisor) }
                    }
                }
            case .max:
                result = [T](repeating: T.lowest, count: count)
                reduction.fold(values, into: &result) { $1 > $0 ? $1 : $0 }
            case .min:
                result = [T](repeating: T.highest, count: count)
                reduction.fold(values, into: &result) { $1 < $0 ? $1 : $0 }
            case .prod:
                result = [T](repeating: T.one, count: count)
                reduction.fold(values, into: &result) { T.times($0, $1) }
            case .sumSquare:
                result = [T](repeating: T.zero, count: count)
                reduction.fold(values, into: &result) { T.plus($0, T.times($1, $1)) }
            case .l1:
                result = [T](repeating: T.zero, count: count)
                reduction.fold(values, into: &result) { T.plus($0, T.absolute($1)) }
            case .l2, .logSum, .logSumExp:
                throw KServeError(.invalidInput, "expected a floating-point tensor, got \(x.elementType)")
            }
            return T.storage(result)
        }
    }

    private struct FloatingKernel: FloatingVisitor {
        let kind: Kind
        let x: Tensor
        let reduction: Reduction

        func visit<T: FloatingElement>(_: T.Type) throws(KServeError) -> TensorStorage {
            let values = try ElementDispatch.values(x, as: T.self)
            let count = reduction.outputCount
            var result = [T](repeating: 0, count: count)
            switch kind {
            case .l2:
                reduction.fold(values, into: &result) { $0 + $1 * $1 }
                result = result.map { $0.squareRoot() }
            case .logSum:
                reduction.fold(values, into: &result) { $0 + $1 }
                result = result.map { T.logarithm($0) }
            case .logSumExp:
                // log(sum(e^(x - m))) + m with m the group's max, so that large inputs do not overflow.
                var largest = [T](repeating: -.infinity, count: count)
                reduction.fold(values, into: &largest) { $1 > $0 ? $1 : $0 }
                let shifts = largest.map { $0.isFinite ? $0 : 0 }
                let shifted = BroadcastKernel.map(values, shifts, reduction.layout) { $0 - $1 }
                reduction.fold(shifted, into: &result) { $0 + T.exponential($1) }
                for index in result.indices { result[index] = T.logarithm(result[index]) + shifts[index] }
            default:
                throw KServeError(.invalidInput, "reduction \(kind) does not take the floating-point path")
            }
            return T.storage(result)
        }
    }
}
