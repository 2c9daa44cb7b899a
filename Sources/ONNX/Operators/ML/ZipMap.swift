import Compute
import Core

/// ai.onnx.ml ZipMap, served as its probabilities: onnxruntime returns a sequence of maps (label → probability), a
/// value the tensor executor does not carry, so the operator passes the `[N, C]` float scores through and the serving
/// layer reads the labels (`classlabels_int64s` or `classlabels_strings`) from the node to key them.
struct ZipMapOperator: Operator {
    let labelCount: Int

    init(_ node: NodeDescription) throws(KServeError) {
        guard
            let labels = try ClassLabels.read(
                node.attributes,
                ints: "classlabels_int64s",
                strings: "classlabels_strings"
            )
        else {
            throw KServeError(.invalidInput, "one of classlabels_int64s or classlabels_strings is required")
        }
        labelCount = labels.count
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try inputs.required(0)
        guard input.elementType == .float else {
            throw KServeError(.invalidInput, "input X is \(input.elementType), expected float")
        }
        let (_, columns) = try FeatureMatrix.shape(of: input)
        guard columns == labelCount else {
            throw KServeError(
                .invalidInput,
                "input X has \(columns) scores per row, the node has \(labelCount) class labels"
            )
        }
        return [input]
    }
}
