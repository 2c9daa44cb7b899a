import Core
import Inference
import Trees

extension TreeServable {
    /// V2 inference (CPU work, blocking).
    ///
    /// Accepts one input, 2-D `[rows, featureCount]` or 1-D `[featureCount]` (one row), of any numeric datatype
    /// (BOOL as 0 and 1; NaN is a missing value). Answers `output-0` shaped `[rows]` or `[rows, outputsPerRow]`,
    /// FP32 for XGBoost and FP64 for LightGBM. Requested outputs must name `output-0`; its `classification`
    /// parameter N turns it into the top N `"value:index"` strings of each row (BYTES, `[rows, N]`).
    package func infer(_ request: InferRequest, model name: String) throws(KServeError) -> [InferTensor] {
        let classification = try requestedClassification(request.outputs, model: name)
        guard request.inputs.count == 1, let input = request.inputs.first else {
            throw KServeError(
                .invalidInput,
                "model \(name) takes exactly one input (\(Self.inputName)), the request has \(request.inputs.count)"
            )
        }
        guard input.datatype != .bytes else {
            throw KServeError(
                .invalidInput,
                "model \(name): input \"\(input.name)\" has datatype BYTES; the model takes numbers"
            )
        }
        let rowCount = try rowCount(of: input, model: name)
        let rows = try TensorRows.doubles(input, context: "model \(name): input \"\(input.name)\"")
        let predictions = tree.predict(rows: rows, rowCount: rowCount)
        let perRow = tree.outputsPerRow
        guard predictions.count == rowCount * perRow else {
            throw KServeError(
                .internal,
                "model \(name): the executor returned \(predictions.count) values for \(rowCount) rows"
            )
        }
        let output: InferTensor
        if let top = classification {
            output = ClassificationOutput.tensor(
                name: Self.outputName,
                values: predictions.doubles,
                rowCount: rowCount,
                perRow: perRow,
                top: top
            )
        } else {
            let shape: [Int64] = perRow == 1 ? [Int64(rowCount)] : [Int64(rowCount), Int64(perRow)]
            switch predictions {
            case .float32(let values): output = InferTensor(name: Self.outputName, shape: shape, data: .fp32(values))
            case .float64(let values): output = InferTensor(name: Self.outputName, shape: shape, data: .fp64(values))
            }
        }
        return [output]
    }

    /// Rows in the input tensor, after checking its shape against the model's feature count.
    private func rowCount(of input: InferTensor, model name: String) throws(KServeError) -> Int {
        try input.validate()
        let features = tree.featureCount
        let shapeText = "[" + input.shape.map(String.init).joined(separator: ",") + "]"
        switch input.shape.count {
        case 1 where input.shape[0] == Int64(features):
            return 1
        case 2 where input.shape[1] == Int64(features):
            // The data length matched the shape, so rows x features values arrived; with no features that bounds
            // nothing, and a huge row count would size the answer.
            guard features > 0 || input.shape[0] <= 1 else {
                throw KServeError(
                    .invalidInput,
                    "model \(name) has no input features; input \"\(input.name)\" asks for \(input.shape[0]) rows"
                )
            }
            return Int(input.shape[0])
        default:
            throw KServeError(
                .invalidInput,
                "model \(name): input \"\(input.name)\" has shape \(shapeText), expected [rows, \(features)]"
                    + " (the model has \(features) features)"
            )
        }
    }

    /// The top-N count the `classification` parameter asks for, or nil; errors for unknown output names.
    private func requestedClassification(
        _ outputs: [RequestedOutput],
        model name: String
    ) throws(KServeError) -> Int? {
        var top: Int?
        for output in outputs {
            guard output.name == Self.outputName else {
                throw KServeError(
                    .invalidInput,
                    "model \(name) has no output \"\(output.name)\" (its output is \(Self.outputName))"
                )
            }
            guard let parameter = output.parameters["classification"] else { continue }
            guard let count = parameter.int64Value, count > 0, count <= Int64(Int32.max) else {
                throw KServeError(
                    .invalidInput,
                    "model \(name): output \(Self.outputName): classification must be a positive integer"
                )
            }
            top = Int(count)
        }
        return top
    }
}
