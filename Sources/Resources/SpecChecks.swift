import Core

/// The checks the KServe CRD schemas and webhooks make on an object, as ``FieldProblem``s with field paths.
///
/// Only fields these checks know are looked at; any other field is left alone (KServe has many). With
/// `requireFields` false (a client checking a manifest before sending it) a missing field is a problem only where
/// its parent is written and makes no sense without it (`modelFormat` without `name`); the server decides the rest.
package enum SpecChecks {
    /// The framework slots KServe still accepts beside `model`.
    package static let frameworkSlots = [
        "sklearn", "xgboost", "tensorflow", "pytorch", "triton", "onnx", "huggingface", "pmml", "lightgbm", "paddle",
    ]
    package static let protocolVersions = ["v1", "v2", "grpc-v1", "grpc-v2"]
    package static let scaleMetrics = ["cpu", "memory", "concurrency", "rps"]

    /// The problems of `object` as a `kind`, in document order as far as the checks go; empty when it is valid.
    package static func problems(_ object: Value, kind: ResourceKind, requireFields: Bool = true) -> [FieldProblem] {
        var checker = SpecChecker(requireFields: requireFields)
        guard case .object = object else {
            checker.typed("", object, "object")
            return checker.problems
        }
        checker.identity(object, kind: kind)
        guard let spec = object["spec"], !spec.isNull else {
            checker.required("spec")
            return checker.problems
        }
        guard spec.objectValue != nil else {
            checker.typed("spec", spec, "object")
            return checker.problems
        }
        switch kind {
        case .inferenceService: checker.inferenceService(spec)
        case .trainedModel: checker.trainedModel(spec)
        case .servingRuntime, .clusterServingRuntime: checker.servingRuntime(spec)
        }
        return checker.problems
    }
}

/// Collects the problems of one object.
struct SpecChecker {
    let requireFields: Bool
    var problems: [FieldProblem] = []

    mutating func invalid(_ field: String, _ value: Value?, _ detail: String) {
        problems.append(FieldProblem(reason: .invalid, field: field, value: value, detail: detail))
    }

    /// A missing field; reported without `requireFields` only when `always`.
    mutating func required(_ field: String, always: Bool = false) {
        guard requireFields || always else { return }
        problems.append(FieldProblem(reason: .required, field: field, value: nil, detail: ""))
    }

    mutating func typed(_ field: String, _ value: Value, _ expected: String) {
        problems.append(FieldProblem(reason: .typeInvalid, field: field, value: value, detail: expected))
    }

    /// `value` (when written and not null) must be a string; returns it.
    @discardableResult
    mutating func string(_ field: String, _ value: Value?) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else {
            typed(field, value, "string")
            return nil
        }
        return text
    }

    /// `value` (when written and not null) must be one of `allowed`.
    mutating func oneOf(_ field: String, _ value: Value?, _ allowed: [String]) {
        guard let value, let text = string(field, value), !allowed.contains(text) else { return }
        invalid(field, value, "supported values: " + allowed.map { "\"\($0)\"" }.joined(separator: ", "))
    }

    mutating func identity(_ object: Value, kind: ResourceKind) {
        if let apiVersion = object["apiVersion"]?.stringValue, apiVersion != kind.apiVersion {
            invalid("apiVersion", object["apiVersion"], "must be \(kind.apiVersion)")
        }
        if let objectKind = object["kind"]?.stringValue, objectKind != kind.kind {
            invalid("kind", object["kind"], "must be \(kind.kind)")
        }
        if let name = object["metadata"]?["name"] {
            if let text = name.stringValue {
                let problem =
                    kind == .inferenceService
                    ? ObjectNameRules.dns1035LabelProblem(text) : ObjectNameRules.dns1123SubdomainProblem(text)
                if let problem { invalid("metadata.name", name, problem) }
            } else {
                typed("metadata.name", name, "string")
            }
        } else {
            required("metadata.name", always: true)
        }
        for field in ["labels", "annotations"] {
            guard let map = object["metadata"]?[field], !map.isNull else { continue }
            guard let entries = map.objectValue else {
                typed("metadata.\(field)", map, "object")
                continue
            }
            for (key, value) in entries where value.stringValue == nil {
                typed(SourceMap.path("metadata.\(field)", key: key), value, "string")
            }
        }
    }
}
