import Compute
import Core

/// What the two-input numeric operators (Add, Sub, Mul, Div, Mod) share: one element type for both inputs, numpy
/// broadcasting within the request's memory limit, and float16/bfloat16 computed as Float.
enum BinaryNumeric {
    /// Runs `kernel(a, b, layout)` on the (widened) inputs 0 and 1 and answers its output in the inputs' type.
    static func run<V: NumericVisitor>(
        _ inputs: OperatorInputs,
        context: ExecutionContext,
        _ kernel: (Tensor, Tensor, BroadcastLayout) -> V
    ) throws(KServeError) -> [Tensor] where V.Output == TensorStorage {
        let a = try inputs.required(0)
        let b = try inputs.required(1)
        try ElementDispatch.requireSameType([a, b])
        let layout = try BroadcastLayout([a, b])
        try context.reserve(elements: layout.count, of: a.elementType)
        let x = HalfPrecisionBridge.widened(a)
        let y = HalfPrecisionBridge.widened(b)
        let storage = try ElementDispatch.numeric(x.elementType, kernel(x, y, layout))
        return [HalfPrecisionBridge.narrowed(Tensor(shape: layout.shape, storage: storage), to: a.elementType)]
    }
}
