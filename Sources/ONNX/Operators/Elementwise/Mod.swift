import Compute
import Core

/// Mod (opset 10), numpy broadcasting. With `fmod` 0 (the default) the remainder takes the divisor's sign, as
/// Python's `%`; with `fmod` 1 the dividend's, as C's `fmod`. An integer zero divisor gives 0, as numpy's does.
struct Mod: Operator {
    let cStyle: Bool

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        Mod(cStyle: try node.attributes.int("fmod", default: 0) != 0)
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        try BinaryNumeric.run(inputs, context: context) { Kernel(cStyle: cStyle, a: $0, b: $1, layout: $2) }
    }

    private struct Kernel: NumericVisitor {
        let cStyle: Bool
        let a: Tensor
        let b: Tensor
        let layout: BroadcastLayout

        func visit<T: NumericElement>(_: T.Type) throws(KServeError) -> TensorStorage {
            let x = try ElementDispatch.values(a, as: T.self)
            let y = try ElementDispatch.values(b, as: T.self)
            if cStyle {
                return T.storage(
                    BroadcastKernel.map(x, y, layout) { T.isInteger && $1 == T.zero ? T.zero : T.remainder($0, $1) }
                )
            }
            return T.storage(
                BroadcastKernel.map(x, y, layout) { dividend, divisor in
                    if T.isInteger && divisor == T.zero { return T.zero }
                    let remainder = T.remainder(dividend, divisor)
                    // Move a remainder whose sign differs from the divisor's over to the divisor's side.
                    guard remainder != T.zero, (remainder < T.zero) != (divisor < T.zero) else { return remainder }
                    return T.plus(remainder, divisor)
                }
            )
        }
    }
}
