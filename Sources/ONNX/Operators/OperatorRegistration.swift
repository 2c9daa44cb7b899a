/// One operator the executor runs: its domain and type, the oldest opset version whose behaviour it implements, and
/// its factory.
package struct OperatorRegistration: Sendable {
    /// "" for ai.onnx, "ai.onnx.ml" for the classical ML operators.
    package var domain: String
    package var opType: String
    /// Models that import the domain below this version are refused for this operator (its behaviour then differed).
    package var sinceVersion: Int
    package var factory: OperatorFactory

    package init(
        _ opType: String,
        domain: String = "",
        since sinceVersion: Int = 1,
        _ factory: @escaping OperatorFactory
    ) {
        self.domain = domain
        self.opType = opType
        self.sinceVersion = sinceVersion
        self.factory = factory
    }
}
