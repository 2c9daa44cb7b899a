import Compute
import Core

/// ai.onnx.ml Binarizer: 1 where `x > threshold`, else 0, in the input's type; a NaN input is an error (as in
/// onnxruntime).
struct BinarizerOperator: Operator {
    let threshold: Float

    init(_ node: NodeDescription) throws(KServeError) {
        threshold = try node.attributes.float("threshold", default: 0)
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try inputs.required(0)
        let storage: TensorStorage
        switch input.storage {
        case .float(let values):
            if let index = values.firstIndex(where: \.isNaN) { throw Self.nan(at: index) }
            storage = .float(values.map { $0 > threshold ? 1 : 0 })
        case .double(let values):
            if let index = values.firstIndex(where: \.isNaN) { throw Self.nan(at: index) }
            let threshold = Double(threshold)
            storage = .double(values.map { $0 > threshold ? 1 : 0 })
        case .int64(let values):
            let threshold = Double(threshold)
            storage = .int64(values.map { Double($0) > threshold ? 1 : 0 })
        case .int32(let values):
            let threshold = Double(threshold)
            storage = .int32(values.map { Double($0) > threshold ? 1 : 0 })
        default:
            throw KServeError(
                .invalidInput,
                "input X is \(input.elementType), expected float, double, int32 or int64"
            )
        }
        return [Tensor(shape: input.shape, storage: storage)]
    }

    private static func nan(at index: Int) -> KServeError {
        KServeError(.invalidInput, "input X holds NaN at element \(index)")
    }
}
