import Compute
import Core

/// Range: `start, start + delta, ...` while short of `limit`, from three scalars of one numeric type;
/// `max(ceil((limit - start) / delta), 0)` elements.
struct RangeOperator: Operator {
    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let start = try inputs.required(0)
        let limit = try inputs.required(1)
        let delta = try inputs.required(2)
        let type = start.elementType
        for (name, tensor) in [("start", start), ("limit", limit), ("delta", delta)] {
            guard tensor.count == 1, tensor.elementType == type else {
                throw KServeError(
                    .invalidInput,
                    "\(name) must be a scalar of the start's type \(type), got \(tensor.elementType) of shape"
                        + " \(Tensor.describe(tensor.shape))"
                )
            }
        }
        switch type {
        case .float, .float16, .bfloat16:
            guard let first = start.floats()?.first, let end = limit.floats()?.first, let step = delta.floats()?.first
            else { break }
            let count = try Self.count(Double((end - first) / step), step: Double(step), context: context, type)
            let values = (0..<count).map { first + Float($0) * step }
            switch type {
            case .float16: return [Tensor(shape: [count], storage: .float16(values.map { HalfPrecision.fp16Bits($0) }))]
            case .bfloat16:
                return [Tensor(shape: [count], storage: .bfloat16(values.map { HalfPrecision.bf16Bits($0) }))]
            default: return [Tensor(shape: [count], storage: .float(values))]
            }
        case .double:
            guard let first = start.doubles()?.first, let end = limit.doubles()?.first,
                let step = delta.doubles()?.first
            else { break }
            let count = try Self.count((end - first) / step, step: step, context: context, type)
            return [Tensor(shape: [count], storage: .double((0..<count).map { first + Double($0) * step }))]
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64:
            guard let first = start.scalarInteger(), let end = limit.scalarInteger(), let step = delta.scalarInteger()
            else { break }
            let count = try Self.integerCount(start: first, limit: end, delta: step, context: context, type)
            let values = (0..<count).map { first + Int64($0) * step }
            return [Tensor(shape: [count], storage: Self.narrowed(values, to: type))]
        case .bool, .string:
            break
        }
        throw KServeError(.invalidInput, "Range takes numeric scalars, got \(type)")
    }

    /// The element count from the real quotient `(limit - start) / delta`, refusing a zero or non-finite step.
    private static func count(
        _ quotient: Double,
        step: Double,
        context: ExecutionContext,
        _ type: ElementType
    ) throws(KServeError) -> Int {
        guard step != 0, !quotient.isNaN else {
            throw KServeError(.invalidInput, "Range needs a non-zero delta and bounds that are numbers")
        }
        let elements = quotient.rounded(.up)
        // -infinity and every non-positive count give an empty range; +infinity fails the bound below.
        guard elements > 0 else { return 0 }
        guard elements <= Double(ShapeSupport.maximumElements) else {
            throw KServeError(
                .invalidInput,
                "Range would produce \(elements) elements, more than the \(ShapeSupport.maximumElements) allowed"
            )
        }
        let count = Int(elements)
        try ShapeSupport.reserve([count], of: type, context: context)
        return count
    }

    /// `max(ceil((limit - start) / delta), 0)` without overflow.
    private static func integerCount(
        start: Int64,
        limit: Int64,
        delta: Int64,
        context: ExecutionContext,
        _ type: ElementType
    ) throws(KServeError) -> Int {
        guard delta != 0 else { throw KServeError(.invalidInput, "Range needs a non-zero delta") }
        let (distance, overflow) = limit.subtractingReportingOverflow(start)
        let (quotient, divisionOverflow) = distance.dividedReportingOverflow(by: delta)
        guard !overflow, !divisionOverflow else {
            throw KServeError(.invalidInput, "Range from \(start) to \(limit) by \(delta) has too many elements")
        }
        // Only a distance in the delta's direction gives elements: the quotient, rounded up.
        guard distance != 0, (distance > 0) == (delta > 0) else { return 0 }
        let elements = quotient + (distance % delta == 0 ? 0 : 1)
        guard elements <= Int64(ShapeSupport.maximumElements) else {
            throw KServeError(
                .invalidInput,
                "Range would produce \(elements) elements, more than the \(ShapeSupport.maximumElements) allowed"
            )
        }
        let count = Int(elements)
        try ShapeSupport.reserve([count], of: type, context: context)
        return count
    }

    /// Values that lie between two values of `type` back in that type.
    private static func narrowed(_ values: [Int64], to type: ElementType) -> TensorStorage {
        switch type {
        case .int8: return .int8(values.map { Int8(truncatingIfNeeded: $0) })
        case .int16: return .int16(values.map { Int16(truncatingIfNeeded: $0) })
        case .int32: return .int32(values.map { Int32(truncatingIfNeeded: $0) })
        case .uint8: return .uint8(values.map { UInt8(truncatingIfNeeded: $0) })
        case .uint16: return .uint16(values.map { UInt16(truncatingIfNeeded: $0) })
        case .uint32: return .uint32(values.map { UInt32(truncatingIfNeeded: $0) })
        case .uint64: return .uint64(values.map { UInt64(truncatingIfNeeded: $0) })
        default: return .int64(values)
        }
    }
}
