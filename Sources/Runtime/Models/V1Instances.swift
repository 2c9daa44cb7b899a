import Compute
import Core
import Inference

/// V1 `instances` as a tensor, and a tensor's rows as V1 predictions.
enum V1Instances {
    /// Instances stacked along a new first dimension; every instance must have the same nested shape.
    static func tensor(_ instances: [Value], type: ElementType, model name: String) throws(KServeError) -> Tensor {
        guard let first = instances.first else {
            return Tensor.zeros(type, shape: [0])
        }
        let inner = shape(of: first)
        var flat: [Value] = []
        for (index, instance) in instances.enumerated() {
            try flatten(instance, expected: inner, axis: 0, into: &flat, path: "instances[\(index)]", model: name)
        }
        let storage = try storage(flat, type: type, model: name)
        return Tensor(shape: [instances.count] + inner, storage: storage)
    }

    /// The nested list shape of a value (a scalar has none), following first elements.
    private static func shape(of value: Value) -> [Int] {
        var shape: [Int] = []
        var current = value
        while let array = current.arrayValue {
            shape.append(array.count)
            guard let next = array.first else { break }
            current = next
        }
        return shape
    }

    private static func flatten(
        _ value: Value,
        expected: [Int],
        axis: Int,
        into flat: inout [Value],
        path: String,
        model name: String
    ) throws(KServeError) {
        if axis == expected.count {
            guard value.arrayValue == nil else {
                throw KServeError(.invalidInput, "model \(name): \(path) is a list where a value was expected")
            }
            flat.append(value)
            return
        }
        guard let array = value.arrayValue, array.count == expected[axis] else {
            throw KServeError(
                .invalidInput,
                "model \(name): \(path) is \(value.kindDescription), expected a list of \(expected[axis]) (instances"
                    + " must all have the shape \(Tensor.describe(expected)))"
            )
        }
        for (index, element) in array.enumerated() {
            try flatten(
                element,
                expected: expected,
                axis: axis + 1,
                into: &flat,
                path: "\(path)[\(index)]",
                model: name
            )
        }
    }

    /// The values as elements of `type`: numbers (null is NaN, booleans 1 and 0) or strings.
    private static func storage(
        _ values: [Value],
        type: ElementType,
        model name: String
    ) throws(KServeError) -> TensorStorage {
        if type == .string {
            var strings: [[UInt8]] = []
            strings.reserveCapacity(values.count)
            for (index, value) in values.enumerated() {
                guard case .string(let text) = value else {
                    throw KServeError(
                        .invalidInput,
                        "model \(name): element \(index) of the instances is \(value.kindDescription), expected a string"
                    )
                }
                strings.append(Array(text.utf8))
            }
            return .string(strings)
        }
        var numbers: [Double] = []
        numbers.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            switch value {
            case .null: numbers.append(.nan)
            case .bool(let flag): numbers.append(flag ? 1 : 0)
            case .int(let integer): numbers.append(Double(integer))
            case .uint(let integer): numbers.append(Double(integer))
            case .double(let double): numbers.append(double)
            default:
                throw KServeError(
                    .invalidInput,
                    "model \(name): element \(index) of the instances is \(value.kindDescription), expected a number"
                )
            }
        }
        switch type {
        case .float: return .float(numbers.map { Float($0) })
        case .double: return .double(numbers)
        case .float16: return .float16(numbers.map { HalfPrecision.fp16Bits($0) })
        case .bfloat16: return .bfloat16(numbers.map { HalfPrecision.bf16Bits($0) })
        case .bool: return .bool(numbers.map { $0 != 0 })
        default:
            var integers: [Int64] = []
            integers.reserveCapacity(numbers.count)
            for (index, number) in numbers.enumerated() {
                guard let exact = Int64(exactly: number) else {
                    throw KServeError(
                        .invalidInput,
                        "model \(name): element \(index) of the instances is \(number), expected an integer (\(type))"
                    )
                }
                integers.append(exact)
            }
            return integerStorage(integers, type: type)
        }
    }

    private static func integerStorage(_ values: [Int64], type: ElementType) -> TensorStorage {
        switch type {
        case .int8: return .int8(values.map { Int8(clamping: $0) })
        case .int16: return .int16(values.map { Int16(clamping: $0) })
        case .int32: return .int32(values.map { Int32(clamping: $0) })
        case .uint8: return .uint8(values.map { UInt8(clamping: $0) })
        case .uint16: return .uint16(values.map { UInt16(clamping: $0) })
        case .uint32: return .uint32(values.map { UInt32(clamping: $0) })
        case .uint64: return .uint64(values.map { UInt64(clamping: $0) })
        default: return .int64(values)
        }
    }

    /// One prediction per row of the first dimension: a value for a 1-D output, nested lists otherwise.
    static func rows(of output: InferTensor) -> [Value] {
        let values = output.data.jsonValues()
        guard output.shape.count >= 2 else { return values }
        return nest(values[...], shape: output.shape.map { Int($0) })
    }

    private static func nest(_ values: ArraySlice<Value>, shape: [Int]) -> [Value] {
        guard shape.count > 1 else { return Array(values) }
        let rows = shape[0]
        let size = rows == 0 ? 0 : values.count / rows
        var result: [Value] = []
        result.reserveCapacity(rows)
        var start = values.startIndex
        for _ in 0..<rows {
            let slice = values[start..<(start + size)]
            result.append(.array(nest(slice, shape: Array(shape.dropFirst()))))
            start += size
        }
        return result
    }
}
