import Compute
import Core

/// ai.onnx.ml LinearClassifier: scores `X · coefficientsᵀ + intercepts`, one per class, the label of the best score.
///
/// One row of coefficients with two labels is a binary model: the label is `labels[1]` when the score is positive,
/// and the scores widen to `[1 - s, s]` (`[σ(-s), σ(s)]` under LOGISTIC), as onnxruntime writes them.
struct LinearClassifierOperator: Operator {
    let coefficients: [Float]
    let intercepts: [Float]
    let classes: Int
    let labels: ClassLabels
    let transform: MLPostTransform

    init(_ node: NodeDescription) throws(KServeError) {
        let attributes = node.attributes
        guard let coefficients = try attributes.floats("coefficients"), !coefficients.isEmpty else {
            throw KServeError(.invalidInput, "attribute coefficients is missing or empty")
        }
        guard let labels = try ClassLabels.read(attributes, ints: "classlabels_ints", strings: "classlabels_strings")
        else {
            throw KServeError(.invalidInput, "one of classlabels_ints or classlabels_strings is required")
        }
        let intercepts = try attributes.floats("intercepts") ?? []
        let classes = intercepts.isEmpty ? labels.count : intercepts.count
        guard coefficients.count % classes == 0 else {
            throw KServeError(
                .invalidInput,
                "\(coefficients.count) coefficients do not split into \(classes) classes of equal width"
            )
        }
        if classes == 1 {
            guard labels.count == 2 else {
                throw KServeError(
                    .invalidInput,
                    "a binary model (one row of coefficients) needs exactly 2 class labels, has \(labels.count)"
                )
            }
        } else if labels.count < classes {
            throw KServeError(.invalidInput, "\(classes) classes but only \(labels.count) class labels")
        }
        self.coefficients = coefficients
        self.intercepts = intercepts.isEmpty ? [Float](repeating: 0, count: classes) : intercepts
        self.classes = classes
        self.labels = labels
        self.transform = try MLPostTransform.read(attributes)
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try FeatureMatrix.read(inputs.required(0))
        let features = coefficients.count / classes
        try input.requireColumns(features)
        var scores = try MLScores.affine(
            input.values,
            rows: input.rows,
            features: features,
            weights: coefficients,
            outputs: classes,
            bias: intercepts,
            context: context
        )
        var labelIndices = [Int](repeating: 0, count: input.rows)
        if classes == 1 {
            try context.reserve(elements: input.rows * 2, of: .float)
            var pairs = [Float](repeating: .nan, count: input.rows * 2)
            for row in 0..<input.rows {
                let score = scores[row]
                labelIndices[row] = score > 0 ? 1 : 0
                if transform == .probit {
                    // onnxruntime transforms the packed scores in place and leaves the rest of [N,2] unwritten.
                    pairs[row] = MLMath.probit(score)
                } else {
                    (pairs[2 * row], pairs[2 * row + 1]) = MLScores.binaryPair(
                        score,
                        transform: transform,
                        complement: true
                    )
                }
            }
            return [labels.tensor(indices: labelIndices), Tensor(shape: [input.rows, 2], floats: pairs)]
        }
        scores.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for row in 0..<input.rows {
                labelIndices[row] = MLScores.argmax(UnsafeBufferPointer(start: base + row * classes, count: classes))
            }
        }
        MLScores.transform(&scores, columns: classes, transform)
        return [labels.tensor(indices: labelIndices), Tensor(shape: [input.rows, classes], floats: scores)]
    }
}

/// ai.onnx.ml LinearRegressor: `X · coefficientsᵀ + intercepts` for `targets` outputs, shape `[N, targets]`.
struct LinearRegressorOperator: Operator {
    let coefficients: [Float]
    let intercepts: [Float]?
    let targets: Int
    let transform: MLPostTransform

    init(_ node: NodeDescription) throws(KServeError) {
        let attributes = node.attributes
        let targets = try attributes.int("targets", default: 1)
        guard targets >= 1 else {
            throw KServeError(.invalidInput, "targets \(targets) must be at least 1")
        }
        guard let coefficients = try attributes.floats("coefficients"), !coefficients.isEmpty else {
            throw KServeError(.invalidInput, "attribute coefficients is missing or empty")
        }
        guard coefficients.count % Int(targets) == 0 else {
            throw KServeError(
                .invalidInput,
                "\(coefficients.count) coefficients do not split into \(targets) targets of equal width"
            )
        }
        let intercepts = try attributes.floats("intercepts") ?? []
        self.coefficients = coefficients
        // onnxruntime uses the intercepts only when there is one per target.
        self.intercepts = intercepts.count == Int(targets) ? intercepts : nil
        self.targets = Int(targets)
        self.transform = try MLPostTransform.read(attributes)
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try FeatureMatrix.read(inputs.required(0))
        let features = coefficients.count / targets
        try input.requireColumns(features)
        var scores = try MLScores.affine(
            input.values,
            rows: input.rows,
            features: features,
            weights: coefficients,
            outputs: targets,
            bias: intercepts,
            context: context
        )
        MLScores.transform(&scores, columns: targets, transform)
        return [Tensor(shape: [input.rows, targets], floats: scores)]
    }
}
