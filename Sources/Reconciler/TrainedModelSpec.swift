import Core
import Resources
import Runtime

/// What the reconciler reads from a TrainedModel: its parent InferenceService and `spec.model`.
struct TrainedModelSpec: Sendable, Equatable {
    /// `spec.inferenceService`: the multi-model InferenceService (same namespace) it loads into.
    var parent: String
    var storageUri: String
    /// `spec.model.framework`, lower-cased.
    var framework: String
    /// `spec.model.memory` in bytes.
    var memory: Int64

    /// Reads a TrainedModel object; a missing or malformed field is an error naming it.
    init(parsing object: Value) throws(KServeError) {
        let spec = object["spec"]
        guard let parent = spec?["inferenceService"]?.stringValue, !parent.isEmpty else {
            throw KServeError(.invalidInput, "spec.inferenceService is required")
        }
        func text(_ field: String) throws(KServeError) -> String {
            guard let value = spec?["model"]?[field]?.stringValue, !value.isEmpty else {
                throw KServeError(.invalidInput, "spec.model.\(field) is required")
            }
            return value
        }
        self.parent = parent
        storageUri = try text("storageUri")
        framework = try text("framework").lowercased()
        memory = try Quantity.parseBytes(try text("memory"), what: "spec.model.memory")
    }

    /// The executor format, when this server runs the framework.
    var format: ModelFormat? { ModelFormat(rawValue: framework) }
}
