import Compute
import Core
import Inference
import ONNX

extension ONNXServable {
    /// V2 inference: the request's inputs matched to the graph's by name (a one-input model takes a one-input
    /// request whatever its name), each of the declared datatype and shape; answers the requested outputs, or all.
    package func infer(_ request: InferRequest, model name: String) throws(KServeError) -> [InferTensor] {
        let requested = try requestedOutputs(request.outputs, model: name)
        let feeds = try feeds(request.inputs, model: name)
        let results: [Tensor]
        do {
            results = try model.run(feeds)
        } catch {
            throw KServeError(error.code, "model \(name): \(error.message)", cause: error.cause)
        }
        var answer: [InferTensor] = []
        for (position, top) in requested {
            guard position < results.count else {
                throw KServeError(.internal, "model \(name): output \(position) was not computed")
            }
            let output = ONNXTypes.inferTensor(results[position], name: outputs[position].name)
            if let top {
                answer.append(try classification(output, top: top, model: name))
            } else {
                answer.append(output)
            }
        }
        return answer
    }

    /// The graph's inputs in graph order, from the request's tensors.
    private func feeds(_ given: [InferTensor], model name: String) throws(KServeError) -> [Tensor] {
        var byName: [String: InferTensor] = [:]
        for tensor in given {
            guard byName[tensor.name] == nil else {
                throw KServeError(.invalidInput, "model \(name): input \"\(tensor.name)\" is given twice")
            }
            byName[tensor.name] = tensor
        }
        let declared = model.graph.inputs
        if declared.count == 1, given.count == 1, let only = given.first, let input = declared.first {
            byName = [input.name: only]
        }
        for tensor in given where byName[tensor.name] != nil && !declared.contains(where: { $0.name == tensor.name }) {
            throw KServeError(
                .invalidInput,
                "model \(name) has no input \"\(tensor.name)\" (its inputs: \(inputs.map(\.name).joined(separator: ", ")))"
            )
        }
        var feeds: [Tensor] = []
        feeds.reserveCapacity(declared.count)
        for (position, input) in declared.enumerated() {
            guard let tensor = byName[input.name] else {
                throw KServeError(.invalidInput, "model \(name): input \"\(input.name)\" is missing")
            }
            try tensor.validate()
            try check(tensor, against: inputs[position], model: name)
            feeds.append(ONNXTypes.tensor(tensor))
        }
        return feeds
    }

    /// A 400 naming the input, the datatype and shape the model declares, and what came.
    private func check(_ tensor: InferTensor, against declared: TensorMetadata, model name: String) throws(KServeError)
    {
        let typeFits = tensor.datatype.rawValue == declared.datatype
        let shapeFits =
            tensor.shape.count == declared.shape.count
            && zip(tensor.shape, declared.shape).allSatisfy { $1 < 0 || $0 == $1 }
        guard typeFits && shapeFits else {
            throw KServeError(
                .invalidInput,
                "model \(name): input \"\(declared.name)\": expected \(declared.datatype) \(Self.describe(declared.shape)),"
                    + " got \(tensor.datatype.rawValue) \(Self.describe(tensor.shape))"
            )
        }
    }

    static func describe(_ shape: [Int64]) -> String { "[" + shape.map(String.init).joined(separator: ",") + "]" }

    /// Positions of the outputs to answer with their `classification` top-N; errors for unknown names.
    private func requestedOutputs(
        _ requested: [RequestedOutput],
        model name: String
    ) throws(KServeError) -> [(position: Int, top: Int?)] {
        guard !requested.isEmpty else { return outputs.indices.map { ($0, nil) } }
        var result: [(position: Int, top: Int?)] = []
        for output in requested {
            guard let position = outputs.firstIndex(where: { $0.name == output.name }) else {
                throw KServeError(
                    .invalidInput,
                    "model \(name) has no output \"\(output.name)\" (its outputs: "
                        + outputs.map(\.name).joined(separator: ", ") + ")"
                )
            }
            var top: Int?
            if let parameter = output.parameters["classification"] {
                guard let count = parameter.int64Value, count > 0, count <= Int64(Int32.max) else {
                    throw KServeError(
                        .invalidInput,
                        "model \(name): output \(output.name): classification must be a positive integer"
                    )
                }
                top = Int(count)
            }
            result.append((position, top))
        }
        return result
    }

    /// The classification extension's form of a numeric output: per row (the first dimension), the top N.
    private func classification(_ output: InferTensor, top: Int, model name: String) throws(KServeError) -> InferTensor
    {
        guard output.datatype != .bytes, output.datatype != .bool else {
            throw KServeError(
                .invalidInput,
                "model \(name): output \(output.name) is \(output.datatype.rawValue); classification needs numbers"
            )
        }
        let values = ONNXTypes.tensor(output).doubles() ?? []
        let rows = output.shape.count >= 2 ? Int(output.shape[0]) : 1
        let perRow = rows == 0 ? 0 : values.count / rows
        return ClassificationOutput.tensor(name: output.name, values: values, rowCount: rows, perRow: perRow, top: top)
    }
}
