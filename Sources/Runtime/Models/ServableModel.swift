import Core
import Inference

/// An executor the repository serves: named, typed tensors in and out, whatever the framework.
///
/// Implementations are immutable after loading and safe to use from many threads at once; ``infer(_:model:)`` and
/// ``predictV1(_:model:)`` are CPU work for the repository's worker threads, never for an event loop.
package protocol ServableModel: Sendable {
    /// The `platform` of V2 metadata: "xgboost", "lightgbm", "onnx".
    var platform: String { get }
    /// V2 metadata of the inputs and outputs (-1 for a dynamic dimension).
    var inputs: [TensorMetadata] { get }
    var outputs: [TensorMetadata] { get }
    /// Approximate bytes the loaded model holds (for the repository's memory budget).
    var residentBytes: Int { get }

    /// V2 inference: the outputs the request asks for (all when it names none). `model` names the model in
    /// messages.
    func infer(_ request: InferRequest, model: String) throws(KServeError) -> [InferTensor]

    /// V1 prediction: one prediction per instance.
    func predictV1(_ instances: [Value], model: String) throws(KServeError) -> [Value]
}
