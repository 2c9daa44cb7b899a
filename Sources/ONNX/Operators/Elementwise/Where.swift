import Compute
import Core

/// Where (opset 9): `condition ? x : y` elementwise with numpy broadcasting of all three, for every element type.
struct Where: Operator {
    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let condition = try inputs.required(0)
        let x = try inputs.required(1)
        let y = try inputs.required(2)
        guard case .bool(let flags) = condition.storage else {
            throw KServeError(.invalidInput, "condition must be a bool tensor, got \(condition.elementType)")
        }
        try ElementDispatch.requireSameType([x, y])
        let layout = try BroadcastLayout([condition, x, y])
        try context.reserve(elements: layout.count, of: x.elementType)
        let storage: TensorStorage
        switch (x.storage, y.storage) {
        case (.float(let a), .float(let b)): storage = .float(Self.select(flags, a, b, layout))
        case (.double(let a), .double(let b)): storage = .double(Self.select(flags, a, b, layout))
        case (.float16(let a), .float16(let b)): storage = .float16(Self.select(flags, a, b, layout))
        case (.bfloat16(let a), .bfloat16(let b)): storage = .bfloat16(Self.select(flags, a, b, layout))
        case (.int8(let a), .int8(let b)): storage = .int8(Self.select(flags, a, b, layout))
        case (.int16(let a), .int16(let b)): storage = .int16(Self.select(flags, a, b, layout))
        case (.int32(let a), .int32(let b)): storage = .int32(Self.select(flags, a, b, layout))
        case (.int64(let a), .int64(let b)): storage = .int64(Self.select(flags, a, b, layout))
        case (.uint8(let a), .uint8(let b)): storage = .uint8(Self.select(flags, a, b, layout))
        case (.uint16(let a), .uint16(let b)): storage = .uint16(Self.select(flags, a, b, layout))
        case (.uint32(let a), .uint32(let b)): storage = .uint32(Self.select(flags, a, b, layout))
        case (.uint64(let a), .uint64(let b)): storage = .uint64(Self.select(flags, a, b, layout))
        case (.bool(let a), .bool(let b)): storage = .bool(Self.select(flags, a, b, layout))
        case (.string(let a), .string(let b)): storage = .string(Self.select(flags, a, b, layout))
        default:
            throw KServeError(
                .invalidInput,
                "x and y must share an element type, got \(x.elementType) and \(y.elementType)"
            )
        }
        return [Tensor(shape: layout.shape, storage: storage)]
    }

    private static func select<T>(_ flags: [Bool], _ a: [T], _ b: [T], _ layout: BroadcastLayout) -> [T] {
        BroadcastKernel.map(flags, a, b, layout) { $0 ? $1 : $2 }
    }
}
