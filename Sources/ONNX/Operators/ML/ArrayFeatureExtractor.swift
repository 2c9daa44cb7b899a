import Compute
import Core

/// ai.onnx.ml ArrayFeatureExtractor: picks the elements at indices `Y` along the last axis of `X`. The output is `X`'s
/// shape with the last dimension replaced by the number of indices (`[1, K]` for a 1-D `X`, as onnxruntime returns).
struct ArrayFeatureExtractorOperator: Operator {
    init(_ node: NodeDescription) throws(KServeError) {}

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try inputs.required(0)
        guard input.rank >= 1 else { throw KServeError(.invalidInput, "input X is a scalar, expected rank 1 or more") }
        let indexTensor = try inputs.required(1)
        guard let indices = indexTensor.integers() else {
            throw KServeError(.invalidInput, "input Y is \(indexTensor.elementType), expected int64 indices")
        }
        guard !indices.isEmpty else { throw KServeError(.invalidInput, "input Y holds no indices") }
        let stride = input.shape[input.rank - 1]
        var offsets = [Int](repeating: 0, count: indices.count)
        for (position, index) in indices.enumerated() {
            guard index >= 0, index < stride else {
                throw KServeError(
                    .invalidInput,
                    "input Y[\(position)] = \(index) is out of range for a last dimension of \(stride)"
                )
            }
            offsets[position] = Int(index)
        }
        var shape = input.shape
        if input.rank == 1 {
            shape = [1, indices.count]
        } else {
            shape[shape.count - 1] = indices.count
        }
        let rows = stride == 0 ? 0 : input.count / stride
        let (count, overflow) = rows.multipliedReportingOverflow(by: indices.count)
        guard !overflow else { throw KServeError(.invalidInput, "the output would have too many elements") }
        try context.reserve(elements: count, of: input.elementType)
        let storage: TensorStorage
        switch input.storage {
        case .float(let values): storage = .float(Self.gather(values, rows: rows, stride: stride, offsets: offsets))
        case .double(let values): storage = .double(Self.gather(values, rows: rows, stride: stride, offsets: offsets))
        case .float16(let values):
            storage = .float16(Self.gather(values, rows: rows, stride: stride, offsets: offsets))
        case .bfloat16(let values):
            storage = .bfloat16(Self.gather(values, rows: rows, stride: stride, offsets: offsets))
        case .int8(let values): storage = .int8(Self.gather(values, rows: rows, stride: stride, offsets: offsets))
        case .int16(let values): storage = .int16(Self.gather(values, rows: rows, stride: stride, offsets: offsets))
        case .int32(let values): storage = .int32(Self.gather(values, rows: rows, stride: stride, offsets: offsets))
        case .int64(let values): storage = .int64(Self.gather(values, rows: rows, stride: stride, offsets: offsets))
        case .uint8(let values): storage = .uint8(Self.gather(values, rows: rows, stride: stride, offsets: offsets))
        case .uint16(let values):
            storage = .uint16(Self.gather(values, rows: rows, stride: stride, offsets: offsets))
        case .uint32(let values):
            storage = .uint32(Self.gather(values, rows: rows, stride: stride, offsets: offsets))
        case .uint64(let values):
            storage = .uint64(Self.gather(values, rows: rows, stride: stride, offsets: offsets))
        case .bool(let values): storage = .bool(Self.gather(values, rows: rows, stride: stride, offsets: offsets))
        case .string(let values):
            storage = .string(Self.gather(values, rows: rows, stride: stride, offsets: offsets))
        }
        return [Tensor(shape: shape, storage: storage)]
    }

    private static func gather<T>(_ values: [T], rows: Int, stride: Int, offsets: [Int]) -> [T] {
        var output: [T] = []
        output.reserveCapacity(rows * offsets.count)
        values.withUnsafeBufferPointer { values in
            for row in 0..<rows {
                let base = row * stride
                for offset in offsets { output.append(values[base + offset]) }
            }
        }
        return output
    }
}
