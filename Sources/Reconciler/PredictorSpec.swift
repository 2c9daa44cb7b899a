import Core
import Resources
import Runtime

/// What the reconciler reads from an InferenceService's `spec.predictor`: the model slot (`model` or a legacy
/// framework slot such as `xgboost`), its format, storage, protocol and memory limit, and the scaling fields.
struct PredictorSpec: Sendable, Equatable {
    /// `model`, or the legacy framework slot used (`xgboost`, `lightgbm`, `sklearn`, ...); nil for custom containers.
    var slot: String?
    /// `modelFormat.name` (or the legacy slot's framework), lower-cased; nil when not given.
    var formatName: String?
    var storageUri: String?
    /// `runtime`: a ServingRuntime named by the user.
    var runtime: String?
    /// `protocolVersion`, `v1` when unset (as KServe treats it for runtime matching).
    var protocolVersion: String
    /// `resources.limits.memory` of the predictor container, in bytes.
    var memoryLimit: Int64
    var scaling: ModelScaling
    /// `spec.predictor.containers`: a custom predictor.
    var customContainers: Bool

    /// The memory limit KServe's defaulter gives a predictor container without one.
    static let defaultMemoryLimit: Int64 = 2 << 30

    static let legacySlots = [
        "sklearn", "xgboost", "tensorflow", "pytorch", "triton", "onnx", "huggingface", "pmml", "lightgbm", "paddle",
    ]

    /// Reads `spec.predictor` of an InferenceService object; a missing or malformed predictor is an error whose
    /// message names the field.
    init(parsing object: Value) throws(KServeError) {
        guard let predictor = object["spec"]?["predictor"], predictor.objectValue != nil else {
            throw KServeError(.invalidInput, "spec.predictor is required and must be an object")
        }
        let slot = (["model"] + Self.legacySlots).first { predictor[$0]?.objectValue != nil }
        let model = slot.flatMap { predictor[$0] } ?? .object(ValueObject())
        self.slot = slot
        if slot == "model" {
            formatName = model["modelFormat"]?["name"]?.stringValue?.lowercased()
        } else {
            formatName = slot
        }
        storageUri = model["storageUri"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        runtime = model["runtime"]?.stringValue
        protocolVersion = model["protocolVersion"]?.stringValue ?? "v1"
        customContainers = slot == nil && predictor["containers"]?.arrayValue?.isEmpty == false
        let container = slot == nil ? predictor["containers"]?[0] : model
        let limit = container?["resources"]?["limits"]?["memory"]
        if let limit, !limit.isNull {
            let text = limit.stringValue ?? limit.int64Value.map(String.init) ?? ""
            memoryLimit = try Quantity.parseBytes(text, what: "spec.predictor resources.limits.memory")
        } else {
            memoryLimit = Self.defaultMemoryLimit
        }
        scaling = ModelScaling(predictor: predictor)
    }

    /// The executor format, when this server runs the named format.
    var format: ModelFormat? { formatName.flatMap { ModelFormat(rawValue: $0) } }

    /// A predictor without storage is a multi-model server that TrainedModels load into (never for HuggingFace,
    /// as in KServe).
    var isMultiModel: Bool { storageUri == nil && !customContainers && formatName != "huggingface" }

    /// What KServe reports as the runtime: the one named, else the default ClusterServingRuntime of the format.
    var runtimeName: String? {
        if let runtime { return runtime }
        guard let format else { return nil }
        let defaults = ["xgboost": "kserve-xgbserver", "lightgbm": "kserve-lgbserver", "onnx": "kserve-tritonserver"]
        return defaults[format.rawValue] ?? "kserve-\(format.rawValue)server"
    }

    /// Why no runtime serves this predictor (for `lastFailureInfo` with reason `NoSupportingRuntime`); nil when
    /// one does.
    var unsupportedReason: String? {
        if customContainers {
            return "custom predictor containers are not run by kserve serve; use spec.predictor.model with a "
                + "modelFormat it runs (\(Self.supportedList))"
        }
        guard let formatName else {
            return isMultiModel ? nil : "spec.predictor.model.modelFormat.name is required"
        }
        if format == nil {
            return "no runtime found to support model format \"\(formatName)\": kserve serve runs "
                + Self.supportedList
        }
        return nil
    }

    static var supportedList: String { ModelFormat.allCases.map(\.rawValue).joined(separator: ", ") }
}
