import Resources
import Transport

/// Server-side validation of an object before it is stored: the checks the KServe CRD schemas and webhooks make,
/// reported as 422 field causes.
enum ObjectValidation {
    typealias Cause = KubeStatus.Cause

    /// The problems with `object` as a `kind`; empty when it is valid.
    static func problems(_ object: Value, kind: ResourceKind) -> [Cause] {
        var causes: [Cause] = []
        func invalid(_ field: String, _ value: Value?, _ message: String) {
            let shown = value.map { " " + JSONWriter.string($0) + ":" } ?? ""
            causes.append(
                Cause(reason: "FieldValueInvalid", message: "Invalid value:\(shown) \(message)", field: field)
            )
        }
        func required(_ field: String) {
            causes.append(Cause(reason: "FieldValueRequired", message: "Required value", field: field))
        }
        func typed(_ field: String, _ value: Value, _ expected: String) {
            causes.append(
                Cause(
                    reason: "FieldValueTypeInvalid",
                    message: "Invalid value: \"\(value.kindDescription)\": \(field) in body must be of type "
                        + "\(expected)",
                    field: field
                )
            )
        }
        guard case .object = object else {
            return [Cause(reason: "FieldValueTypeInvalid", message: "the object must be a JSON object", field: nil)]
        }
        // Identity.
        if let apiVersion = object["apiVersion"]?.stringValue, apiVersion != kind.apiVersion {
            invalid("apiVersion", object["apiVersion"], "must be \(kind.apiVersion)")
        }
        if let objectKind = object["kind"]?.stringValue, objectKind != kind.kind {
            invalid("kind", object["kind"], "must be \(kind.kind)")
        }
        if let name = object.at(["metadata", "name"]) {
            if let text = name.stringValue {
                let problem =
                    kind == .inferenceService
                    ? ObjectNameRules.dns1035LabelProblem(text) : ObjectNameRules.dns1123SubdomainProblem(text)
                if let problem { invalid("metadata.name", name, problem) }
            } else {
                typed("metadata.name", name, "string")
            }
        } else {
            required("metadata.name")
        }
        for field in ["labels", "annotations"] {
            guard let map = object.at(["metadata", field]), !map.isNull else { continue }
            guard let entries = map.objectValue else {
                typed("metadata.\(field)", map, "object")
                continue
            }
            for (key, value) in entries where value.stringValue == nil {
                typed("metadata.\(field).\(key)", value, "string")
            }
        }
        // Spec.
        guard let spec = object["spec"], !spec.isNull else {
            required("spec")
            return causes
        }
        guard spec.objectValue != nil else {
            typed("spec", spec, "object")
            return causes
        }
        switch kind {
        case .inferenceService:
            inferenceService(spec, invalid: invalid, required: required, typed: typed)
        case .trainedModel:
            trainedModel(spec, invalid: invalid, required: required, typed: typed)
        case .servingRuntime, .clusterServingRuntime:
            servingRuntime(spec, invalid: invalid, required: required, typed: typed)
        }
        return causes
    }

    /// The framework slots KServe still accepts beside `model`.
    static let frameworkSlots = [
        "sklearn", "xgboost", "tensorflow", "pytorch", "triton", "onnx", "huggingface", "pmml", "lightgbm", "paddle",
    ]
    static let protocolVersions = ["v1", "v2", "grpc-v1", "grpc-v2"]
    static let scaleMetrics = ["cpu", "memory", "concurrency", "rps"]

    private static func inferenceService(
        _ spec: Value,
        invalid: (String, Value?, String) -> Void,
        required: (String) -> Void,
        typed: (String, Value, String) -> Void
    ) {
        guard let predictor = spec["predictor"], !predictor.isNull else {
            required("spec.predictor")
            return
        }
        guard predictor.objectValue != nil else {
            typed("spec.predictor", predictor, "object")
            return
        }
        let slots = (["model"] + frameworkSlots).filter { predictor[$0] != nil }
        let hasContainers = predictor["containers"] != nil
        if slots.isEmpty && !hasContainers {
            invalid(
                "spec.predictor",
                nil,
                "exactly one of model, a framework (\(frameworkSlots.joined(separator: ", "))) or containers "
                    + "must be specified"
            )
        } else if slots.count > 1 {
            invalid(
                "spec.predictor",
                nil,
                "exactly one predictor may be specified, found \(slots.joined(separator: ", "))"
            )
        }
        for slot in slots {
            let path = "spec.predictor.\(slot)"
            guard let model = predictor[slot], model.objectValue != nil else {
                if let value = predictor[slot] { typed(path, value, "object") }
                continue
            }
            if slot == "model" {
                if let format = model["modelFormat"] {
                    if format.objectValue == nil {
                        typed("\(path).modelFormat", format, "object")
                    } else {
                        if let name = format["name"] {
                            if let text = name.stringValue {
                                if text.isEmpty { invalid("\(path).modelFormat.name", name, "must not be empty") }
                            } else {
                                typed("\(path).modelFormat.name", name, "string")
                            }
                        } else {
                            required("\(path).modelFormat.name")
                        }
                        if let version = format["version"], version.stringValue == nil {
                            typed("\(path).modelFormat.version", version, "string")
                        }
                    }
                } else {
                    required("\(path).modelFormat")
                }
                if let runtime = model["runtime"], runtime.stringValue == nil {
                    typed("\(path).runtime", runtime, "string")
                }
            }
            if let uri = model["storageUri"], uri.stringValue == nil { typed("\(path).storageUri", uri, "string") }
            if let version = model["protocolVersion"] {
                if let text = version.stringValue {
                    if !protocolVersions.contains(text) {
                        invalid(
                            "\(path).protocolVersion",
                            version,
                            "supported values: " + protocolVersions.map { "\"\($0)\"" }.joined(separator: ", ")
                        )
                    }
                } else {
                    typed("\(path).protocolVersion", version, "string")
                }
            }
        }
        var minimum: Int64?
        for field in ["minReplicas", "maxReplicas", "scaleTarget", "containerConcurrency", "timeout"] {
            guard let value = predictor[field], !value.isNull else { continue }
            guard let number = value.int64Value else {
                typed("spec.predictor.\(field)", value, "integer")
                continue
            }
            if number < 0 { invalid("spec.predictor.\(field)", value, "must be greater than or equal to 0") }
            if field == "minReplicas" { minimum = number }
            if field == "maxReplicas", let minimum, number != 0, number < minimum {
                invalid("spec.predictor.maxReplicas", value, "MaxReplicas cannot be less than MinReplicas")
            }
        }
        if let metric = predictor["scaleMetric"] {
            if let text = metric.stringValue, !scaleMetrics.contains(text) {
                invalid(
                    "spec.predictor.scaleMetric",
                    metric,
                    "supported values: " + scaleMetrics.map { "\"\($0)\"" }.joined(separator: ", ")
                )
            } else if metric.stringValue == nil {
                typed("spec.predictor.scaleMetric", metric, "string")
            }
        }
        if let percent = predictor["canaryTrafficPercent"] {
            if let number = percent.int64Value {
                if !(0...100).contains(number) {
                    invalid("spec.predictor.canaryTrafficPercent", percent, "must be between 0 and 100")
                }
            } else {
                typed("spec.predictor.canaryTrafficPercent", percent, "integer")
            }
        }
    }

    private static func trainedModel(
        _ spec: Value,
        invalid: (String, Value?, String) -> Void,
        required: (String) -> Void,
        typed: (String, Value, String) -> Void
    ) {
        if let parent = spec["inferenceService"] {
            if let text = parent.stringValue {
                if let problem = ObjectNameRules.dns1035LabelProblem(text) {
                    invalid("spec.inferenceService", parent, problem)
                }
            } else {
                typed("spec.inferenceService", parent, "string")
            }
        } else {
            required("spec.inferenceService")
        }
        guard let model = spec["model"] else {
            required("spec.model")
            return
        }
        guard model.objectValue != nil else {
            typed("spec.model", model, "object")
            return
        }
        for field in ["storageUri", "framework", "memory"] {
            guard let value = model[field] else {
                required("spec.model.\(field)")
                continue
            }
            guard let text = value.stringValue else {
                typed("spec.model.\(field)", value, "string")
                continue
            }
            if field == "memory", Quantity.bytes(text) == nil {
                invalid("spec.model.memory", value, "must be a quantity such as 256Mi or 1Gi")
            }
        }
    }

    private static func servingRuntime(
        _ spec: Value,
        invalid: (String, Value?, String) -> Void,
        required: (String) -> Void,
        typed: (String, Value, String) -> Void
    ) {
        if let formats = spec["supportedModelFormats"] {
            if let list = formats.arrayValue {
                for (index, format) in list.enumerated() {
                    let path = "spec.supportedModelFormats[\(index)]"
                    guard format.objectValue != nil else {
                        typed(path, format, "object")
                        continue
                    }
                    if let name = format["name"] {
                        if name.stringValue == nil { typed("\(path).name", name, "string") }
                    } else {
                        required("\(path).name")
                    }
                    if let priority = format["priority"], !priority.isNull {
                        if let number = priority.int64Value {
                            if number < 1 { invalid("\(path).priority", priority, "must be at least 1") }
                        } else {
                            typed("\(path).priority", priority, "integer")
                        }
                    }
                }
            } else {
                typed("spec.supportedModelFormats", formats, "array")
            }
        }
        if let containers = spec["containers"] {
            if let list = containers.arrayValue {
                for (index, container) in list.enumerated() where container["name"]?.stringValue == nil {
                    required("spec.containers[\(index)].name")
                }
            } else {
                typed("spec.containers", containers, "array")
            }
        }
        if let disabled = spec["disabled"], !disabled.isNull, disabled.boolValue == nil {
            typed("spec.disabled", disabled, "boolean")
        }
    }
}
