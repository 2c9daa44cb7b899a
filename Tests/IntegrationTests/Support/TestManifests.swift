/// InferenceService manifests the integration tests deploy, in the block YAML a user writes (the model format as
/// a `name: FORMAT` line of its own, which some tests edit).
enum TestManifests {
    static func inferenceService(
        name: String,
        format: String = "xgboost",
        storageUri: String,
        protocolVersion: String? = nil,
        minReplicas: Int? = nil
    ) -> String {
        var lines = [
            "apiVersion: serving.kserve.io/v1beta1",
            "kind: InferenceService",
            "metadata:",
            "  name: \(name)",
            "spec:",
            "  predictor:",
        ]
        if let minReplicas { lines.append("    minReplicas: \(minReplicas)") }
        lines += ["    model:", "      modelFormat:", "        name: \(format)"]
        if let protocolVersion { lines.append("      protocolVersion: \(protocolVersion)") }
        lines.append("      storageUri: \(storageUri)")
        return lines.joined(separator: "\n") + "\n"
    }
}
