import Compute
import Core

/// Pow (numpy broadcasting from opset 7; from opset 12 the exponent may have another numeric type than the base).
/// The output has the base's type. Floating-point bases compute with the C library's pow (an exponent of 2 as
/// x * x, the common case in exported normalisations); integer bases with an integer exponent multiply exactly
/// (wrapping), and with a floating-point exponent compute in Double and truncate.
struct Pow: Operator {
    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let base = try inputs.required(0)
        let exponent = try inputs.required(1)
        let layout = try BroadcastLayout([base, exponent])
        try context.reserve(elements: layout.count, of: base.elementType)
        let x = HalfPrecisionBridge.widened(base)
        let y = HalfPrecisionBridge.widened(exponent)
        let storage: TensorStorage
        if case .float(let floats) = x.storage, case .float(let exponents) = y.storage {
            // The common float32 case stays in float32, with x^2 as one multiplication.
            if exponents.count == 1 && exponents[0] == 2 {
                storage = .float(BroadcastKernel.map(floats, exponents, layout) { value, _ in value * value })
            } else {
                storage = .float(BroadcastKernel.map(floats, exponents, layout) { powf($0, $1) })
            }
        } else {
            storage = try ElementDispatch.numeric(x.elementType, BaseKernel(base: x, exponent: y, layout: layout))
        }
        return [HalfPrecisionBridge.narrowed(Tensor(shape: layout.shape, storage: storage), to: base.elementType)]
    }

    /// Picks the base's type, then the exponent's.
    private struct BaseKernel: NumericVisitor {
        let base: Tensor
        let exponent: Tensor
        let layout: BroadcastLayout

        func visit<T: NumericElement>(_: T.Type) throws(KServeError) -> TensorStorage {
            let x = try ElementDispatch.values(base, as: T.self)
            let kernel = ExponentKernel<T>(base: x, exponent: exponent, layout: layout)
            return T.storage(try ElementDispatch.numeric(exponent.elementType, kernel))
        }
    }

    private struct ExponentKernel<Base: NumericElement>: NumericVisitor {
        let base: [Base]
        let exponent: Tensor
        let layout: BroadcastLayout

        func visit<E: NumericElement>(_: E.Type) throws(KServeError) -> [Base] {
            let y = try ElementDispatch.values(exponent, as: E.self)
            if Base.isInteger && E.isInteger {
                return BroadcastKernel.map(base, y, layout) { Self.integerPower($0, $1) }
            }
            return BroadcastKernel.map(base, y, layout) {
                Base(castingDouble: pow($0.doubleValue, $1.doubleValue))
            }
        }

        /// `x^n` by repeated squaring, wrapping; a negative `n` gives what 1 / x^|n| truncates to.
        private static func integerPower<E: NumericElement>(_ x: Base, _ n: E) -> Base {
            if n < E.zero {
                if x == Base.one { return Base.one }
                if Base.isSigned && x == Base.negated(Base.one) {
                    return n.int64Value % 2 == 0 ? Base.one : x
                }
                return Base.zero
            }
            var result = Base.one
            var square = x
            var remaining = n.uint64Value
            while remaining > 0 {
                if remaining & 1 == 1 { result = Base.times(result, square) }
                remaining >>= 1
                if remaining > 0 { square = Base.times(square, square) }
            }
            return result
        }
    }
}
