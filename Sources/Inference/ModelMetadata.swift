import Core

/// A tensor a model declares in its metadata; -1 in `shape` is a variable dimension. The datatype stays a string
/// because servers declare types this client may not know.
package struct TensorMetadata: Sendable, Equatable {
    package var name: String
    package var datatype: String
    package var shape: [Int64]
    /// Extra facts about the tensor (the class `labels` of a classifier's probabilities); written only when set.
    package var parameters: ValueObject

    package init(name: String, datatype: String, shape: [Int64], parameters: ValueObject = [:]) {
        self.name = name
        self.datatype = datatype
        self.shape = shape
        self.parameters = parameters
    }

    static func from(json: Value, context: String) throws(KServeError) -> TensorMetadata {
        let fields = try JSONFields(json, at: JSONContext(context))
        let name = try fields.field("name").string()
        let named = try JSONFields(json, at: JSONContext("\(context) \"\(name)\""))
        return TensorMetadata(
            name: name,
            datatype: try named.field("datatype").string(),
            shape: try named.shape(allowVariable: true)
        )
    }

    package func toJSON() -> Value {
        var object: ValueObject = [
            "name": .string(name), "datatype": .string(datatype), "shape": .array(shape.map(Value.int)),
        ]
        if !parameters.isEmpty { object["parameters"] = .object(parameters) }
        return .object(object)
    }
}

/// A model's V2 metadata (`GET /v2/models/NAME`).
package struct ModelMetadata: Sendable, Equatable {
    package var name: String
    package var versions: [String]
    package var platform: String
    package var inputs: [TensorMetadata]
    package var outputs: [TensorMetadata]

    package init(
        name: String,
        versions: [String] = [],
        platform: String = "",
        inputs: [TensorMetadata] = [],
        outputs: [TensorMetadata] = []
    ) {
        self.name = name
        self.versions = versions
        self.platform = platform
        self.inputs = inputs
        self.outputs = outputs
    }

    /// Reads a metadata document. `name` is required; `versions`, `platform`, `inputs` and `outputs` may be absent
    /// (servers such as MLServer leave out what they do not know) and read as empty. Errors are `.badResponse`.
    package static func from(json: Value, source: String) throws(KServeError) -> ModelMetadata {
        do {
            let fields = try JSONFields(json, at: JSONContext("\(source): model metadata"))
            var metadata = ModelMetadata(
                name: try fields.field("name").string(),
                versions: try fields.optional("versions")?.strings() ?? [],
                platform: try fields.optional("platform")?.string() ?? ""
            )
            for (index, input) in (try fields.optional("inputs")?.array() ?? []).enumerated() {
                metadata.inputs.append(try TensorMetadata.from(json: input, context: "\(source): inputs[\(index)]"))
            }
            for (index, output) in (try fields.optional("outputs")?.array() ?? []).enumerated() {
                metadata.outputs.append(try TensorMetadata.from(json: output, context: "\(source): outputs[\(index)]"))
            }
            return metadata
        } catch {
            throw error.with(code: .badResponse)
        }
    }

    /// The document a server sends (`versions` left out when empty).
    package func toJSON() -> Value {
        var object: ValueObject = ["name": .string(name)]
        if !versions.isEmpty { object["versions"] = .array(versions.map(Value.string)) }
        object["platform"] = .string(platform)
        object["inputs"] = .array(inputs.map { $0.toJSON() })
        object["outputs"] = .array(outputs.map { $0.toJSON() })
        return .object(object)
    }
}
