import Transport

extension Manifest {
    /// Checks that `value` is a KServe object this tool knows: an object with `apiVersion`, `kind` and
    /// `metadata.name`, a supported kind served at that `apiVersion`, and names that follow Kubernetes rules.
    ///
    /// Errors (code `invalidInput`) name the source, the document (and item), the object, and the problem:
    /// `model.yaml: document 2 (InferenceService "X_Y"): metadata.name "X_Y" is not a valid name: ...`.
    public init(
        validating value: Value,
        source: String,
        documentIndex: Int = 0,
        itemIndex: Int? = nil
    ) throws(KServeError) {
        let position = Self.position(source: source, documentIndex: documentIndex, itemIndex: itemIndex)
        guard case .object(let object) = value else {
            throw KServeError(.invalidInput, "\(position): expected an object, found \(value.kindDescription)")
        }
        let metadata = object["metadata"]
        var label = position
        if let kind = object["kind"]?.stringValue, !kind.isEmpty {
            label += " (\(kind)"
            if let name = metadata?["name"]?.stringValue, !name.isEmpty { label += " \"\(name)\"" }
            label += ")"
        }
        func invalid(_ problem: String) -> KServeError {
            KServeError(.invalidInput, "\(label): \(problem)")
        }

        let kind = try Self.requiredString(object["kind"], field: "kind", or: invalid)
        let apiVersion = try Self.requiredString(object["apiVersion"], field: "apiVersion", or: invalid)
        guard let resourceKind = ResourceKind(kind: kind) else {
            let known = ResourceKind.allCases.map(\.kind).joined(separator: ", ")
            throw invalid("kind \"\(kind)\" is not supported (supported kinds: \(known))")
        }
        guard apiVersion == resourceKind.apiVersion else {
            throw invalid("apiVersion \"\(apiVersion)\" does not serve \(kind); use \(resourceKind.apiVersion)")
        }
        guard let metadata else { throw invalid("metadata.name is required") }
        guard case .object = metadata else {
            throw invalid("metadata must be an object, found \(metadata.kindDescription)")
        }
        let name = try Self.requiredString(metadata["name"], field: "metadata.name", or: invalid)
        let nameProblem =
            resourceKind == .inferenceService
            ? ObjectNameRules.dns1035LabelProblem(name) : ObjectNameRules.dns1123SubdomainProblem(name)
        if let nameProblem {
            throw invalid("metadata.name \"\(name)\" is not a valid \(kind) name: \(nameProblem)")
        }
        var namespace: String?
        if let namespaceValue = metadata["namespace"], !namespaceValue.isNull {
            guard let text = namespaceValue.stringValue else {
                throw invalid("metadata.namespace must be a string, found \(namespaceValue.kindDescription)")
            }
            if !text.isEmpty {
                if let problem = ObjectNameRules.dns1123LabelProblem(text) {
                    throw invalid("metadata.namespace \"\(text)\" is not a valid namespace: \(problem)")
                }
                namespace = text
            }
        }

        self.init(
            resourceKind: resourceKind,
            apiVersion: apiVersion,
            kind: kind,
            name: name,
            namespace: namespace,
            value: value,
            source: source,
            documentIndex: documentIndex,
            itemIndex: itemIndex
        )
    }

    private static func requiredString(
        _ value: Value?,
        field: String,
        or invalid: (String) -> KServeError
    ) throws(KServeError) -> String {
        guard let value, !value.isNull else { throw invalid("\(field) is required") }
        guard let text = value.stringValue else {
            throw invalid("\(field) must be a string, found \(value.kindDescription)")
        }
        guard !text.isEmpty else { throw invalid("\(field) must not be empty") }
        return text
    }
}
