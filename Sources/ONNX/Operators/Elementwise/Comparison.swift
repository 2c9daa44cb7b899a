import Compute
import Core

/// Equal, Less, Greater, LessOrEqual and GreaterOrEqual: bool outputs, numpy broadcasting (from opset 7), both
/// inputs of one type. Every numeric type compares; Equal also takes bool and (from opset 19) string. NaN compares
/// false, as IEEE says.
struct Comparison: Operator {
    enum Kind: Sendable {
        case equal
        case less
        case greater
        case lessOrEqual
        case greaterOrEqual
    }

    let kind: Kind

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let a = try inputs.required(0)
        let b = try inputs.required(1)
        try ElementDispatch.requireSameType([a, b])
        let layout = try BroadcastLayout([a, b])
        try context.reserve(elements: layout.count, of: .bool)
        let flags: [Bool]
        switch (a.storage, b.storage) {
        case (.string(let x), .string(let y)) where kind == .equal:
            flags = BroadcastKernel.map(x, y, layout) { $0 == $1 }
        case (.bool(let x), .bool(let y)) where kind == .equal:
            flags = BroadcastKernel.map(x, y, layout) { $0 == $1 }
        case (.string, _), (.bool, _):
            throw KServeError(.invalidInput, "\(a.elementType) tensors only compare for equality")
        default:
            let x = HalfPrecisionBridge.widened(a)
            let y = HalfPrecisionBridge.widened(b)
            flags = try ElementDispatch.numeric(x.elementType, Kernel(kind: kind, a: x, b: y, layout: layout))
        }
        return [Tensor(shape: layout.shape, storage: .bool(flags))]
    }

    private struct Kernel: NumericVisitor {
        let kind: Kind
        let a: Tensor
        let b: Tensor
        let layout: BroadcastLayout

        func visit<T: NumericElement>(_: T.Type) throws(KServeError) -> [Bool] {
            let x = try ElementDispatch.values(a, as: T.self)
            let y = try ElementDispatch.values(b, as: T.self)
            switch kind {
            case .equal: return BroadcastKernel.map(x, y, layout) { $0 == $1 }
            case .less: return BroadcastKernel.map(x, y, layout) { $0 < $1 }
            case .greater: return BroadcastKernel.map(x, y, layout) { $0 > $1 }
            case .lessOrEqual: return BroadcastKernel.map(x, y, layout) { $0 <= $1 }
            case .greaterOrEqual: return BroadcastKernel.map(x, y, layout) { $0 >= $1 }
            }
        }
    }
}
