import Core
import Inference
import Trees

/// An XGBoost or LightGBM ensemble served as a ``ServableModel``: one input `input-0` `[-1, featureCount]`, one
/// output `output-0` `[-1]` or `[-1, outputsPerRow]`, in the precision the library computes in (FP32 for XGBoost,
/// FP64 for LightGBM). Any numeric input datatype is accepted and converted.
package struct TreeServable: ServableModel {
    package let tree: any TreeModel
    package let format: ModelFormat

    /// The one input and output a tree model has.
    package static let inputName = "input-0"
    package static let outputName = "output-0"

    package init(tree: any TreeModel, format: ModelFormat) {
        self.tree = tree
        self.format = format
    }

    package var platform: String { tree.framework }
    package var residentBytes: Int { max(0, tree.residentBytes) }

    /// The datatype a format's predictions come in.
    var outputDataType: DataType { format == .lightgbm ? .fp64 : .fp32 }

    package var inputs: [TensorMetadata] {
        [
            TensorMetadata(
                name: Self.inputName,
                datatype: outputDataType.rawValue,
                shape: [-1, Int64(tree.featureCount)]
            )
        ]
    }

    package var outputs: [TensorMetadata] {
        let shape: [Int64] = tree.outputsPerRow == 1 ? [-1] : [-1, Int64(tree.outputsPerRow)]
        return [TensorMetadata(name: Self.outputName, datatype: outputDataType.rawValue, shape: shape)]
    }
}

extension TreePredictions {
    /// The predictions as Doubles (float32 values exactly).
    var doubles: [Double] {
        switch self {
        case .float32(let values): return values.map { Double($0) }
        case .float64(let values): return values
        }
    }
}
