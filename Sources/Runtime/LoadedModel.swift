import Core
import Inference
import Trees

/// A model ready to serve: its executor plus what the protocols say about it.
///
/// Immutable and safe to use from many threads at once. ``infer(_:)`` and ``predictV1(instances:)`` are CPU work:
/// run them on a ``WorkerPool``, not on an event loop.
package final class LoadedModel: Sendable {
    package let name: String
    package let format: ModelFormat
    package let residentBytes: Int
    /// V2 metadata, from the executor.
    package let metadata: ModelMetadata
    package let servable: any ServableModel

    package init(name: String, format: ModelFormat, servable: any ServableModel) {
        self.name = name
        self.format = format
        self.servable = servable
        self.residentBytes = max(0, servable.residentBytes)
        self.metadata = ModelMetadata(
            name: name,
            versions: [],
            platform: servable.platform,
            inputs: servable.inputs,
            outputs: servable.outputs
        )
    }

    /// A tree ensemble served natively.
    package convenience init(name: String, format: ModelFormat, tree: any TreeModel) {
        self.init(name: name, format: format, servable: TreeServable(tree: tree, format: format))
    }

    /// The tree ensemble, when the model is one.
    package var tree: (any TreeModel)? { (servable as? TreeServable)?.tree }

    /// V2 inference (CPU work, blocking).
    package func infer(_ request: InferRequest) throws(KServeError) -> InferResponse {
        InferResponse(modelName: name, id: request.id, outputs: try servable.infer(request, model: name))
    }

    /// V1 prediction (CPU work, blocking).
    package func predictV1(instances: [Value]) throws(KServeError) -> [Value] {
        try servable.predictV1(instances, model: name)
    }
}
