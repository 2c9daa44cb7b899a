import Core

extension Manifest {
    /// Checks that `value` is a KServe object this tool knows: an object with `apiVersion`, `kind` and
    /// `metadata.name`, a supported kind served at that `apiVersion`, names that follow Kubernetes rules, and the
    /// fields ``SpecChecks`` knows of the right types and values (fields it does not know are left alone).
    ///
    /// Errors (code `invalidInput`) start with the source and, given a `sourceMap`, the line and column of the
    /// field, then name the document (and item), the object, the field and the problem:
    /// `model.yaml:9:9: document 2 (InferenceService "iris"): spec.predictor.minReplicas must be an integer, ...`.
    /// A missing field points at its nearest written ancestor (`metadata:` for a missing `metadata.name`).
    package init(
        validating value: Value,
        source: String,
        documentIndex: Int = 0,
        itemIndex: Int? = nil,
        sourceMap: SourceMap? = nil
    ) throws(KServeError) {
        var label = ""
        if let kind = value["kind"]?.stringValue, !kind.isEmpty {
            label = " (\(kind)"
            if let name = value["metadata"]?["name"]?.stringValue, !name.isEmpty { label += " \"\(name)\"" }
            label += ")"
        }
        func invalid(_ field: String, _ problem: String) -> KServeError {
            let location = sourceMap?.location(of: field)
            let position = Self.position(
                source: source,
                location: location,
                documentIndex: documentIndex,
                itemIndex: itemIndex
            )
            return KServeError(.invalidInput, "\(position)\(label): \(problem)")
        }
        guard case .object(let object) = value else {
            throw invalid("", "expected an object, found \(value.kindDescription)")
        }

        let kind = try Self.requiredString(object["kind"], field: "kind", or: invalid)
        let apiVersion = try Self.requiredString(object["apiVersion"], field: "apiVersion", or: invalid)
        guard let resourceKind = ResourceKind(kind: kind) else {
            let known = ResourceKind.allCases.map(\.kind).joined(separator: ", ")
            throw invalid("kind", "kind \"\(kind)\" is not supported (supported kinds: \(known))")
        }
        guard apiVersion == resourceKind.apiVersion else {
            throw invalid(
                "apiVersion",
                "apiVersion \"\(apiVersion)\" does not serve \(kind); use \(resourceKind.apiVersion)"
            )
        }
        guard let metadata = object["metadata"] else { throw invalid("metadata", "metadata.name is required") }
        guard case .object = metadata else {
            throw invalid("metadata", "metadata must be an object, found \(metadata.kindDescription)")
        }
        let name = try Self.requiredString(metadata["name"], field: "metadata.name", or: invalid)
        let nameProblem =
            resourceKind == .inferenceService
            ? ObjectNameRules.dns1035LabelProblem(name) : ObjectNameRules.dns1123SubdomainProblem(name)
        if let nameProblem {
            throw invalid("metadata.name", "metadata.name \"\(name)\" is not a valid \(kind) name: \(nameProblem)")
        }
        var namespace: String?
        if let namespaceValue = metadata["namespace"], !namespaceValue.isNull {
            guard let text = namespaceValue.stringValue else {
                throw invalid(
                    "metadata.namespace",
                    "metadata.namespace must be a string, found \(namespaceValue.kindDescription)"
                )
            }
            if !text.isEmpty {
                if let problem = ObjectNameRules.dns1123LabelProblem(text) {
                    throw invalid(
                        "metadata.namespace",
                        "metadata.namespace \"\(text)\" is not a valid namespace: \(problem)"
                    )
                }
                namespace = text
            }
        }
        if let problem = SpecChecks.problems(value, kind: resourceKind, requireFields: false).first {
            throw invalid(problem.field, problem.message)
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
            itemIndex: itemIndex,
            sourceMap: sourceMap
        )
    }

    private static func requiredString(
        _ value: Value?,
        field: String,
        or invalid: (String, String) -> KServeError
    ) throws(KServeError) -> String {
        guard let value, !value.isNull else { throw invalid(field, "\(field) is required") }
        guard let text = value.stringValue else {
            throw invalid(field, "\(field) must be a string, found \(value.kindDescription)")
        }
        guard !text.isEmpty else { throw invalid(field, "\(field) must not be empty") }
        return text
    }
}
