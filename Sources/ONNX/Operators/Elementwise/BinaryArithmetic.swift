import Compute
import Core

/// Add, Sub, Mul and Div (numpy broadcasting, from opset 7; opset 6 and earlier had a `broadcast` attribute
/// instead), for float, double, float16, bfloat16 and the integer types. Integers wrap; integer Div truncates toward
/// zero, and an integer zero divisor gives 0 (as numpy's does).
struct BinaryArithmetic: Operator {
    enum Kind: Sendable {
        case add
        case sub
        case mul
        case div
    }

    let kind: Kind

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        try BinaryNumeric.run(inputs, context: context) { Kernel(kind: kind, a: $0, b: $1, layout: $2) }
    }

    private struct Kernel: NumericVisitor {
        let kind: Kind
        let a: Tensor
        let b: Tensor
        let layout: BroadcastLayout

        func visit<T: NumericElement>(_: T.Type) throws(KServeError) -> TensorStorage {
            let x = try ElementDispatch.values(a, as: T.self)
            let y = try ElementDispatch.values(b, as: T.self)
            switch kind {
            case .add: return T.storage(BroadcastKernel.map(x, y, layout) { T.plus($0, $1) })
            case .sub: return T.storage(BroadcastKernel.map(x, y, layout) { T.minus($0, $1) })
            case .mul: return T.storage(BroadcastKernel.map(x, y, layout) { T.times($0, $1) })
            case .div:
                guard T.isInteger && y.contains(T.zero) else {
                    return T.storage(BroadcastKernel.map(x, y, layout) { T.quotient($0, $1) })
                }
                // An integer zero divisor gives 0, as numpy does: the trial run at load divides zeros by zeros.
                return T.storage(BroadcastKernel.map(x, y, layout) { $1 == T.zero ? T.zero : T.quotient($0, $1) })
            }
        }
    }
}
