import Core

extension Tensor {
    package init<T: TensorElement>(shape: [Int], values: [T]) {
        self.init(shape: shape, storage: T.storage(values))
    }

    /// The elements when the tensor holds `T`, else nil.
    package func values<T: TensorElement>(_: T.Type) -> [T]? { T.values(storage) }

    /// Integer elements (int8 to uint64) widened to Int64; nil for any other type or a uint64 past Int64.max.
    ///
    /// For the shape, axes, indices and pads tensors that operators take as inputs.
    package func integers() -> [Int64]? {
        switch storage {
        case .int64(let values): return values
        case .int32(let values): return values.map(Int64.init)
        case .int16(let values): return values.map(Int64.init)
        case .int8(let values): return values.map(Int64.init)
        case .uint8(let values): return values.map(Int64.init)
        case .uint16(let values): return values.map(Int64.init)
        case .uint32(let values): return values.map(Int64.init)
        case .uint64(let values):
            var result: [Int64] = []
            result.reserveCapacity(values.count)
            for value in values {
                guard let exact = Int64(exactly: value) else { return nil }
                result.append(exact)
            }
            return result
        default: return nil
        }
    }

    /// The elements of any numeric type as Doubles (bool as 0 and 1); nil for strings.
    package func doubles() -> [Double]? {
        switch storage {
        case .float(let values): return values.map(Double.init)
        case .double(let values): return values
        case .float16(let values): return values.map { Double(HalfPrecision.float(fp16Bits: $0)) }
        case .bfloat16(let values): return values.map { Double(HalfPrecision.float(bf16Bits: $0)) }
        case .int8(let values): return values.map(Double.init)
        case .int16(let values): return values.map(Double.init)
        case .int32(let values): return values.map(Double.init)
        case .int64(let values): return values.map(Double.init)
        case .uint8(let values): return values.map(Double.init)
        case .uint16(let values): return values.map(Double.init)
        case .uint32(let values): return values.map(Double.init)
        case .uint64(let values): return values.map(Double.init)
        case .bool(let values): return values.map { $0 ? 1 : 0 }
        case .string: return nil
        }
    }

    /// The elements of any numeric type as Floats (float16 and bfloat16 widened); nil for strings.
    package func floats() -> [Float]? {
        switch storage {
        case .float(let values): return values
        case .float16(let values): return values.map { HalfPrecision.float(fp16Bits: $0) }
        case .bfloat16(let values): return values.map { HalfPrecision.float(bf16Bits: $0) }
        default: return doubles()?.map { Float($0) }
        }
    }

    /// A scalar or one-element tensor's integer value.
    package func scalarInteger() -> Int64? {
        guard count == 1, let values = integers() else { return nil }
        return values[0]
    }
}
