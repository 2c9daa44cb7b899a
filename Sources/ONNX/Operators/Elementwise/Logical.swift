import Compute
import Core

/// Not, And, Or and Xor on bool tensors (the binary ones broadcast, from opset 7).
struct Logical: Operator {
    enum Kind: Sendable {
        case not
        case and
        case or
        case xor
    }

    let kind: Kind

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let a = try inputs.required(0)
        guard case .bool(let x) = a.storage else {
            throw KServeError(.invalidInput, "expected a bool tensor, got \(a.elementType)")
        }
        if kind == .not {
            return [Tensor(shape: a.shape, storage: .bool(BroadcastKernel.map(x) { !$0 }))]
        }
        let b = try inputs.required(1)
        guard case .bool(let y) = b.storage else {
            throw KServeError(.invalidInput, "expected a bool tensor, got \(b.elementType)")
        }
        let layout = try BroadcastLayout([a, b])
        try context.reserve(elements: layout.count, of: .bool)
        let flags: [Bool]
        switch kind {
        case .and: flags = BroadcastKernel.map(x, y, layout) { $0 && $1 }
        case .or: flags = BroadcastKernel.map(x, y, layout) { $0 || $1 }
        case .xor, .not: flags = BroadcastKernel.map(x, y, layout) { $0 != $1 }
        }
        return [Tensor(shape: layout.shape, storage: .bool(flags))]
    }
}
