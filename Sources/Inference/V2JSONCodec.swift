import Core

/// The JSON form of the Open Inference Protocol (V2 REST) for inference requests and responses.
///
/// Decoding errors start with `source` and name the tensor and element at fault; a request's are `.invalidInput`,
/// a response's `.badResponse` (the server broke the protocol). Unknown top-level keys are ignored (KServe's python
/// client sends `model_name` in requests, and servers add their own).
///
/// Encoding writes keys in the order KServe's python code does: requests `id`, `inputs`, `outputs`, `parameters`;
/// responses `id`, `model_name`, `model_version`, `outputs`, `parameters`; tensors `name`, `shape`, `datatype`,
/// `parameters`, `data`. Absent optional values and empty parameters are left out rather than written as `null`.
package enum V2JSONCodec {
    package static func decodeRequest(_ json: Value, source: String) throws(KServeError) -> InferRequest {
        var noBinary: BinaryCursor?
        return try decodeRequest(json, source: source, binary: &noBinary)
    }

    package static func encodeRequest(_ request: InferRequest) -> Value {
        encodeRequest(request, binaryInputs: false)
    }

    package static func decodeResponse(_ json: Value, source: String) throws(KServeError) -> InferResponse {
        var noBinary: BinaryCursor?
        return try decodeResponse(json, source: source, binary: &noBinary)
    }

    package static func encodeResponse(_ response: InferResponse) -> Value {
        encodeResponse(response, binaryOutputs: [])
    }

    static func decodeRequest(
        _ json: Value,
        source: String,
        binary: inout BinaryCursor?
    ) throws(KServeError) -> InferRequest {
        let fields = try JSONFields(json, at: .part(source, "request"))
        let id = try fields.optional("id")?.string()
        let parameters = try fields.optional("parameters")?.object() ?? [:]
        var inputs: [InferTensor] = []
        for (index, input) in try fields.field("inputs").array().enumerated() {
            inputs.append(try TensorWire.decode(input, role: "input", index: index, source: source, binary: &binary))
        }
        try TensorWire.checkUnique(inputs, role: "input", source: source)
        var outputs: [RequestedOutput] = []
        for (index, output) in (try fields.optional("outputs")?.array() ?? []).enumerated() {
            let outputFields = try JSONFields(output, at: .element(source, role: "output", index: index))
            outputs.append(
                RequestedOutput(
                    name: try outputFields.field("name").string(),
                    parameters: try outputFields.optional("parameters")?.object() ?? [:]
                )
            )
        }
        return InferRequest(id: id, parameters: parameters, inputs: inputs, outputs: outputs)
    }

    static func encodeRequest(_ request: InferRequest, binaryInputs: Bool) -> Value {
        var object = ValueObject()
        if let id = request.id { object["id"] = .string(id) }
        object["inputs"] = .array(request.inputs.map { TensorWire.encode($0, binary: binaryInputs) })
        if !request.outputs.isEmpty {
            object["outputs"] = .array(
                request.outputs.map { output in
                    var fields: ValueObject = ["name": .string(output.name)]
                    if !output.parameters.isEmpty { fields["parameters"] = .object(output.parameters) }
                    return .object(fields)
                }
            )
        }
        if !request.parameters.isEmpty { object["parameters"] = .object(request.parameters) }
        return .object(object)
    }

    static func decodeResponse(
        _ json: Value,
        source: String,
        binary: inout BinaryCursor?
    ) throws(KServeError) -> InferResponse {
        do {
            let fields = try JSONFields(json, at: .part(source, "response"))
            let modelName = try fields.field("model_name").string()
            let modelVersion = try fields.optional("model_version")?.string()
            let id = try fields.optional("id")?.string()
            let parameters = try fields.optional("parameters")?.object() ?? [:]
            var outputs: [InferTensor] = []
            for (index, output) in try fields.field("outputs").array().enumerated() {
                outputs.append(
                    try TensorWire.decode(output, role: "output", index: index, source: source, binary: &binary)
                )
            }
            try TensorWire.checkUnique(outputs, role: "output", source: source)
            return InferResponse(
                modelName: modelName,
                modelVersion: modelVersion,
                id: id,
                parameters: parameters,
                outputs: outputs
            )
        } catch {
            throw error.with(code: .badResponse)
        }
    }

    static func encodeResponse(_ response: InferResponse, binaryOutputs: Set<String>) -> Value {
        var object = ValueObject()
        if let id = response.id { object["id"] = .string(id) }
        object["model_name"] = .string(response.modelName)
        if let version = response.modelVersion { object["model_version"] = .string(version) }
        object["outputs"] = .array(
            response.outputs.map { TensorWire.encode($0, binary: binaryOutputs.contains($0.name)) }
        )
        if !response.parameters.isEmpty { object["parameters"] = .object(response.parameters) }
        return .object(object)
    }
}
