import Core

/// The `spec` checks of each kind, after KServe's Go types (v1beta1 PredictorSpec and ModelSpec, v1alpha1
/// TrainedModelSpec and ServingRuntimeSpec) and its validating webhooks.
extension SpecChecker {
    mutating func inferenceService(_ spec: Value) {
        guard let predictor = spec["predictor"], !predictor.isNull else {
            required("spec.predictor")
            return
        }
        guard predictor.objectValue != nil else {
            typed("spec.predictor", predictor, "object")
            return
        }
        let frameworkSlots = SpecChecks.frameworkSlots
        let slots = (["model"] + frameworkSlots).filter { predictor[$0] != nil }
        if slots.isEmpty && predictor["containers"] == nil {
            if requireFields {
                invalid(
                    "spec.predictor",
                    nil,
                    "exactly one of model, a framework (\(frameworkSlots.joined(separator: ", "))) or containers "
                        + "must be specified"
                )
            }
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
                modelFormat(model["modelFormat"], path: "\(path).modelFormat")
                string("\(path).runtime", model["runtime"])
            }
            string("\(path).storageUri", model["storageUri"])
            oneOf("\(path).protocolVersion", model["protocolVersion"], SpecChecks.protocolVersions)
        }
        var minimum: Int64?
        for field in ["minReplicas", "maxReplicas", "scaleTarget", "containerConcurrency", "timeout"] {
            let path = "spec.predictor.\(field)"
            guard let value = predictor[field], !value.isNull else { continue }
            guard let number = value.int64Value else {
                typed(path, value, "integer")
                continue
            }
            if number < 0 { invalid(path, value, "must be greater than or equal to 0") }
            if field == "minReplicas" { minimum = number }
            if field == "maxReplicas", let minimum, number != 0, number < minimum {
                invalid(path, value, "MaxReplicas cannot be less than MinReplicas")
            }
        }
        oneOf("spec.predictor.scaleMetric", predictor["scaleMetric"], SpecChecks.scaleMetrics)
        if let percent = predictor["canaryTrafficPercent"], !percent.isNull {
            if let number = percent.int64Value {
                if !(0...100).contains(number) {
                    invalid("spec.predictor.canaryTrafficPercent", percent, "must be between 0 and 100")
                }
            } else {
                typed("spec.predictor.canaryTrafficPercent", percent, "integer")
            }
        }
    }

    /// `modelFormat: {name: STRING, version: STRING}`; a written modelFormat always needs its name.
    private mutating func modelFormat(_ format: Value?, path: String) {
        guard let format, !format.isNull else {
            required(path)
            return
        }
        guard format.objectValue != nil else {
            typed(path, format, "object")
            return
        }
        if let name = format["name"], !name.isNull {
            if let text = string("\(path).name", name), text.isEmpty {
                invalid("\(path).name", name, "must not be empty")
            }
        } else {
            required("\(path).name", always: true)
        }
        string("\(path).version", format["version"])
    }

    mutating func trainedModel(_ spec: Value) {
        if let parent = spec["inferenceService"], !parent.isNull {
            if let text = string("spec.inferenceService", parent),
                let problem = ObjectNameRules.dns1035LabelProblem(text)
            {
                invalid("spec.inferenceService", parent, problem)
            }
        } else {
            required("spec.inferenceService")
        }
        guard let model = spec["model"], !model.isNull else {
            required("spec.model")
            return
        }
        guard model.objectValue != nil else {
            typed("spec.model", model, "object")
            return
        }
        for field in ["storageUri", "framework"] {
            let path = "spec.model.\(field)"
            if model[field] == nil || model[field]?.isNull == true {
                required(path)
            } else {
                string(path, model[field])
            }
        }
        // A Kubernetes quantity: a string such as 256Mi, or a plain number of bytes.
        let memory = model["memory"]
        if let memory, !memory.isNull {
            if let text = memory.stringValue {
                if Quantity.bytes(text) == nil {
                    invalid("spec.model.memory", memory, "must be a quantity such as 256Mi or 1Gi")
                }
            } else if let bytes = memory.int64Value {
                if bytes < 0 { invalid("spec.model.memory", memory, "must be a quantity such as 256Mi or 1Gi") }
            } else {
                typed("spec.model.memory", memory, "string")
            }
        } else {
            required("spec.model.memory")
        }
    }

    mutating func servingRuntime(_ spec: Value) {
        if let formats = spec["supportedModelFormats"], !formats.isNull {
            if let list = formats.arrayValue {
                for (index, format) in list.enumerated() {
                    let path = SourceMap.path("spec.supportedModelFormats", index: index)
                    guard format.objectValue != nil else {
                        typed(path, format, "object")
                        continue
                    }
                    if let name = format["name"], !name.isNull {
                        string("\(path).name", name)
                    } else {
                        required("\(path).name", always: true)
                    }
                    string("\(path).version", format["version"])
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
        if let containers = spec["containers"], !containers.isNull {
            if let list = containers.arrayValue {
                for (index, container) in list.enumerated() {
                    let path = SourceMap.path("spec.containers", index: index)
                    guard container.objectValue != nil else {
                        typed(path, container, "object")
                        continue
                    }
                    if let name = container["name"], !name.isNull {
                        string("\(path).name", name)
                    } else {
                        required("\(path).name", always: true)
                    }
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
