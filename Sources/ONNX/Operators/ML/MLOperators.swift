/// The ai.onnx.ml domain: linear models, trees, SVMs and the preprocessing operators.
package enum MLOperators {
    package static let all: [OperatorRegistration] = []
}
