import Core

/// The columns of `kserve models` for one InferenceService, read from the object as the API server returned it.
struct InferenceServiceSummary {
    var namespace: String
    var name: String
    var ready: String
    var url: String
    var format: String
    var runtime: String
    var minMax: String
    var age: String
    var protocolVersion: String
    var storageUri: String
    var reason: String

    init(_ object: Value, now: Double) {
        let metadata = object["metadata"]
        namespace = metadata?["namespace"]?.stringValue ?? ""
        name = metadata?["name"]?.stringValue ?? ""
        let predictor = object["spec"]?["predictor"]
        let model = predictor?["model"]
        let status = object["status"]
        let readyCondition = status?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
        ready = readyCondition?["status"]?.stringValue ?? "Unknown"
        reason = readyCondition?["status"]?.stringValue == "True" ? "" : readyCondition?["reason"]?.stringValue ?? ""
        url = status?["url"]?.stringValue ?? ""
        format = model?["modelFormat"]?["name"]?.stringValue ?? Self.legacyFormat(predictor) ?? ""
        runtime =
            model?["runtime"]?.stringValue ?? status?["clusterServingRuntimeName"]?.stringValue
            ?? status?["servingRuntimeName"]?.stringValue ?? ""
        let minReplicas = predictor?["minReplicas"]?.int64Value.map(String.init) ?? "-"
        let maxReplicas = predictor?["maxReplicas"]?.int64Value.map(String.init) ?? "-"
        minMax = "\(minReplicas)/\(maxReplicas)"
        protocolVersion = model?["protocolVersion"]?.stringValue ?? predictor?["protocolVersion"]?.stringValue ?? ""
        storageUri = model?["storageUri"]?.stringValue ?? ""
        let created = metadata?["creationTimestamp"]?.stringValue.flatMap(RFC3339.parse)
        age = created.map { Self.age(seconds: now - $0) } ?? "<unknown>"
    }

    /// The old predictor shape (`spec.predictor.xgboost: {...}`) names the format by its key.
    private static func legacyFormat(_ predictor: Value?) -> String? {
        let known = ["sklearn", "xgboost", "lightgbm", "tensorflow", "pytorch", "onnx", "triton", "pmml", "paddle"]
        return known.first { predictor?[$0] != nil }
    }

    /// The AGE column: kubectl's rendering of `seconds` (non-finite differences, which no clock gives, show as 0s).
    static func age(seconds: Double) -> String {
        HumanDuration.format(seconds: seconds.isFinite ? Int(max(-1e15, min(1e15, seconds))) : 0)
    }

    static func now() -> Double { Clock.epochSeconds() }
}
