import Compute
import Core

/// Work that moves elements without looking at their values (copies, gathers, transposes), written once for every
/// element type.
///
/// ``TensorStorage/moved(_:with:)`` switches on the element type once and calls `move` with the inputs' arrays, so
/// the compiler specialises `move` per type and no dynamic dispatch happens inside its loops.
protocol StorageMover {
    /// The outputs' elements, computed from the inputs' (all of one type).
    func move<T>(_ inputs: [[T]]) throws(KServeError) -> [[T]]
}

extension TensorStorage {
    /// Runs `mover` on `inputs`, which must all hold the same element type; the outputs have that type too.
    static func moved<M: StorageMover>(_ inputs: [TensorStorage], with mover: M) throws(KServeError) -> [TensorStorage]
    {
        guard let first = inputs.first else { return [] }
        switch first {
        case .float:
            return try run(inputs, mover, TensorStorage.float) { if case .float(let v) = $0 { v } else { nil } }
        case .double:
            return try run(inputs, mover, TensorStorage.double) { if case .double(let v) = $0 { v } else { nil } }
        case .float16:
            return try run(inputs, mover, TensorStorage.float16) { if case .float16(let v) = $0 { v } else { nil } }
        case .bfloat16:
            return try run(inputs, mover, TensorStorage.bfloat16) { if case .bfloat16(let v) = $0 { v } else { nil } }
        case .int8: return try run(inputs, mover, TensorStorage.int8) { if case .int8(let v) = $0 { v } else { nil } }
        case .int16:
            return try run(inputs, mover, TensorStorage.int16) { if case .int16(let v) = $0 { v } else { nil } }
        case .int32:
            return try run(inputs, mover, TensorStorage.int32) { if case .int32(let v) = $0 { v } else { nil } }
        case .int64:
            return try run(inputs, mover, TensorStorage.int64) { if case .int64(let v) = $0 { v } else { nil } }
        case .uint8:
            return try run(inputs, mover, TensorStorage.uint8) { if case .uint8(let v) = $0 { v } else { nil } }
        case .uint16:
            return try run(inputs, mover, TensorStorage.uint16) { if case .uint16(let v) = $0 { v } else { nil } }
        case .uint32:
            return try run(inputs, mover, TensorStorage.uint32) { if case .uint32(let v) = $0 { v } else { nil } }
        case .uint64:
            return try run(inputs, mover, TensorStorage.uint64) { if case .uint64(let v) = $0 { v } else { nil } }
        case .bool: return try run(inputs, mover, TensorStorage.bool) { if case .bool(let v) = $0 { v } else { nil } }
        case .string:
            return try run(inputs, mover, TensorStorage.string) { if case .string(let v) = $0 { v } else { nil } }
        }
    }

    /// One input, one output.
    func moved<M: StorageMover>(with mover: M) throws(KServeError) -> TensorStorage {
        let outputs = try TensorStorage.moved([self], with: mover)
        guard let output = outputs.first else {
            throw KServeError(.invalidInput, "an element copy produced no output")
        }
        return output
    }

    private static func run<T, M: StorageMover>(
        _ inputs: [TensorStorage],
        _ mover: M,
        _ wrap: ([T]) -> TensorStorage,
        _ unwrap: (TensorStorage) -> [T]?
    ) throws(KServeError) -> [TensorStorage] {
        var arrays: [[T]] = []
        arrays.reserveCapacity(inputs.count)
        for (index, storage) in inputs.enumerated() {
            guard let values = unwrap(storage) else {
                let expected = inputs[0].elementType
                throw KServeError(
                    .invalidInput,
                    "inputs must share one element type: input 0 is \(expected), input \(index) is \(storage.elementType)"
                )
            }
            arrays.append(values)
        }
        return try mover.move(arrays).map(wrap)
    }
}
