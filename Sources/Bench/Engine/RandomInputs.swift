import Core
import Inference

/// Valid inputs made up from a model's V2 metadata (`--random`): each declared input with its datatype and a
/// concrete shape, filled with seeded random values (floats in [0, 1), integers 0 to 9, 8-letter strings).
package enum RandomInputs {
    /// The concrete shape of each input: `shapes[name]` when given (it must agree with the declared rank and fixed
    /// dimensions), else the declared shape with a leading -1 set to `batch`. Any other -1 needs `--shape`.
    package static func request(
        for metadata: ModelMetadata,
        shapes: [String: [Int64]],
        batch: Int,
        seed: UInt64
    ) throws(KServeError) -> InferRequest {
        guard !metadata.inputs.isEmpty else {
            throw KServeError(
                .invalidInput,
                "model \"\(metadata.name)\" declares no inputs in its metadata, so --random cannot make a request; "
                    + "use --input FILE"
            )
        }
        for name in shapes.keys where !metadata.inputs.contains(where: { $0.name == name }) {
            let known = metadata.inputs.map(\.name).joined(separator: ", ")
            throw KServeError(
                .usage,
                "--shape \(name): model \"\(metadata.name)\" has no input \"\(name)\" (its inputs: \(known))"
            )
        }
        var generator = SplitMix64(seed: seed)
        var inputs: [InferTensor] = []
        for input in metadata.inputs {
            let datatype = try DataType(wireName: input.datatype)
            let shape = try concreteShape(input, given: shapes[input.name], batch: batch, model: metadata.name)
            let count = shape.reduce(1) { $0 * Int($1) }
            guard count <= 1 << 26 else {
                throw KServeError(.usage, "input \"\(input.name)\" of shape \(shape) is too large to make up")
            }
            inputs.append(
                InferTensor(name: input.name, shape: shape, data: values(datatype, count: count, &generator))
            )
        }
        return InferRequest(inputs: inputs)
    }

    /// A V1 body (`{"instances": [...]}`) from the first input of such a request: one instance per row of the
    /// leading dimension.
    package static func v1Body(from request: InferRequest) -> Value {
        guard let input = request.inputs.first else { return ["instances": []] }
        let values = input.data.jsonValues()
        guard let rows = input.shape.first, rows > 0, input.shape.count > 1 else {
            return ["instances": .array(values)]
        }
        let rowSize = values.count / Int(rows)
        let instances = (0..<Int(rows)).map { row in
            Value.array(Array(values[(row * rowSize)..<((row + 1) * rowSize)]))
        }
        return ["instances": .array(instances)]
    }

    private static func concreteShape(
        _ input: TensorMetadata,
        given: [Int64]?,
        batch: Int,
        model: String
    ) throws(KServeError) -> [Int64] {
        let declared = input.shape
        if let given {
            guard declared.isEmpty || given.count == declared.count else {
                throw KServeError(
                    .usage,
                    "--shape \(input.name): \(given.count) dimensions given, model \"\(model)\" declares "
                        + "\(declared.count) (\(declared))"
                )
            }
            for (index, dimension) in given.enumerated() {
                guard dimension > 0 else {
                    throw KServeError(.usage, "--shape \(input.name): dimensions must be positive, got \(dimension)")
                }
                if !declared.isEmpty, declared[index] >= 0, declared[index] != dimension {
                    throw KServeError(
                        .usage,
                        "--shape \(input.name): dimension \(index) is fixed at \(declared[index]) by the model, "
                            + "not \(dimension)"
                    )
                }
            }
            return given
        }
        var shape = declared
        for index in shape.indices where shape[index] < 0 {
            guard index == 0 else {
                throw KServeError(
                    .usage,
                    "input \"\(input.name)\" of model \"\(model)\" has a variable dimension \(index) "
                        + "(shape \(declared)); give its size with --shape \(input.name):D1,D2,..."
                )
            }
            shape[index] = Int64(batch)
        }
        return shape
    }

    private static func values(_ type: DataType, count: Int, _ generator: inout SplitMix64) -> TensorData {
        func unit() -> Double { generator.nextUnit() }
        func digit() -> Int { generator.nextIndex(below: 10) }
        switch type {
        case .bool: return .bool((0..<count).map { _ in generator.nextIndex(below: 2) == 1 })
        case .uint8: return .uint8((0..<count).map { _ in UInt8(digit()) })
        case .uint16: return .uint16((0..<count).map { _ in UInt16(digit()) })
        case .uint32: return .uint32((0..<count).map { _ in UInt32(digit()) })
        case .uint64: return .uint64((0..<count).map { _ in UInt64(digit()) })
        case .int8: return .int8((0..<count).map { _ in Int8(digit()) })
        case .int16: return .int16((0..<count).map { _ in Int16(digit()) })
        case .int32: return .int32((0..<count).map { _ in Int32(digit()) })
        case .int64: return .int64((0..<count).map { _ in Int64(digit()) })
        case .fp16: return .fp16((0..<count).map { _ in HalfPrecision.fp16Bits(unit()) })
        case .bf16: return .bf16((0..<count).map { _ in HalfPrecision.bf16Bits(unit()) })
        case .fp32: return .fp32((0..<count).map { _ in Float(unit()) })
        case .fp64: return .fp64((0..<count).map { _ in unit() })
        case .bytes:
            return .bytes(
                (0..<count).map { _ in (0..<8).map { _ in UInt8(ascii: "a") + UInt8(generator.nextIndex(below: 26)) } }
            )
        }
    }
}
