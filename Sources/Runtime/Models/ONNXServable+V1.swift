import Compute
import Core
import Inference
import ONNX

extension ONNXServable {
    /// V1 prediction: `instances` are rows of the first input (numbers, nested lists for inputs of more than two
    /// dimensions, strings for a string input; `null` is NaN); the predictions are the rows of the first output.
    package func predictV1(_ instances: [Value], model name: String) throws(KServeError) -> [Value] {
        guard let input = model.graph.inputs.first, let declared = inputs.first else {
            throw KServeError(.invalidInput, "model \(name) has no inputs")
        }
        guard model.graph.inputs.count == 1 else {
            throw KServeError(
                .invalidInput,
                "model \(name) takes \(inputs.count) inputs (\(inputs.map(\.name).joined(separator: ", "))); V1"
                    + " instances feed one: use the V2 protocol"
            )
        }
        let type = input.type.elementType ?? .float
        let tensor = try V1Instances.tensor(instances, type: type, model: name)
        try checkShape(tensor, against: declared, model: name)
        let results: [Tensor]
        do {
            results = try model.run([tensor])
        } catch {
            throw KServeError(error.code, "model \(name): \(error.message)", cause: error.cause)
        }
        guard let first = results.first else { throw KServeError(.internal, "model \(name) produced no output") }
        return V1Instances.rows(of: ONNXTypes.inferTensor(first, name: outputs.first?.name ?? "output"))
    }

    private func checkShape(_ tensor: Tensor, against declared: TensorMetadata, model name: String) throws(KServeError)
    {
        let fits =
            tensor.rank == declared.shape.count
            && zip(tensor.shape, declared.shape).allSatisfy { $1 < 0 || Int64($0) == $1 }
        guard fits else {
            throw KServeError(
                .invalidInput,
                "model \(name): instances make a tensor of shape \(Tensor.describe(tensor.shape)); input"
                    + " \"\(declared.name)\" is \(declared.datatype) \(Self.describe(declared.shape))"
            )
        }
    }
}
