import Core

/// The ai.onnx.ml domain: linear models, trees, SVMs and the preprocessing operators.
package enum MLOperators {
    static let domain = "ai.onnx.ml"

    package static let all: [OperatorRegistration] = [
        register("ArrayFeatureExtractor", ArrayFeatureExtractorOperator.init),
        register("Binarizer", BinarizerOperator.init),
        register("Imputer", ImputerOperator.init),
        register("LabelEncoder", LabelEncoderOperator.init),
        register("LinearClassifier", LinearClassifierOperator.init),
        register("LinearRegressor", LinearRegressorOperator.init),
        register("Normalizer", NormalizerOperator.init),
        register("OneHotEncoder", OneHotEncoderOperator.init),
        register("Scaler", ScalerOperator.init),
        register("SVMClassifier", SVMClassifierOperator.init),
        register("SVMRegressor", SVMRegressorOperator.init),
        register("TreeEnsemble", since: 5, TreeEnsembleOperator.init),
        register("TreeEnsembleClassifier", TreeEnsembleClassifierOperator.init),
        register("TreeEnsembleRegressor", TreeEnsembleRegressorOperator.init),
        register("ZipMap", ZipMapOperator.init),
    ]

    private static func register<Built: Operator>(
        _ opType: String,
        since version: Int = 1,
        _ make: @escaping @Sendable (NodeDescription) throws(KServeError) -> Built
    ) -> OperatorRegistration {
        OperatorRegistration(opType, domain: domain, since: version) {
            (node: NodeDescription) throws(KServeError) -> any Operator in try make(node)
        }
    }
}
