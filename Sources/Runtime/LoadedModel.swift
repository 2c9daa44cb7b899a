import Core
import Inference
import Trees

/// A model ready to serve: the executor plus what the protocols say about it.
///
/// Immutable and safe to use from many threads at once. ``infer(_:)`` and ``predictV1(instances:)`` are CPU work:
/// run them on a ``WorkerPool``, not on an event loop.
package final class LoadedModel: Sendable {
    package let name: String
    package let format: ModelFormat
    package let residentBytes: Int
    /// V2 metadata: one input `input-0` `[-1, featureCount]`, one output `output-0` `[-1]` or `[-1, outputsPerRow]`,
    /// in the precision the library computes in (FP32 for XGBoost, FP64 for LightGBM). Any numeric input datatype
    /// is accepted and converted.
    package let metadata: ModelMetadata
    package let tree: any TreeModel

    /// The one input and output a tree model has.
    package static let inputName = "input-0"
    package static let outputName = "output-0"

    package init(name: String, format: ModelFormat, tree: any TreeModel) {
        self.name = name
        self.format = format
        self.tree = tree
        self.residentBytes = max(0, tree.residentBytes)
        let datatype = LoadedModel.outputDataType(format).rawValue
        let outputShape: [Int64] = tree.outputsPerRow == 1 ? [-1] : [-1, Int64(tree.outputsPerRow)]
        self.metadata = ModelMetadata(
            name: name,
            versions: [],
            platform: tree.framework,
            inputs: [TensorMetadata(name: Self.inputName, datatype: datatype, shape: [-1, Int64(tree.featureCount)])],
            outputs: [TensorMetadata(name: Self.outputName, datatype: datatype, shape: outputShape)]
        )
    }

    /// The datatype a format's predictions come in.
    static func outputDataType(_ format: ModelFormat) -> DataType {
        switch format {
        case .xgboost: return .fp32
        case .lightgbm: return .fp64
        }
    }
}
