import Compute
import Core
import Testing

@testable import ONNX

/// Builds one ai.onnx.ml node through the standard registry and runs it, for the ml-domain tests.
enum MLHarness {
    static func node(
        _ opType: String,
        opset: Int = 3,
        attributes: [String: Attribute],
        inputs: Int = 1,
        outputs: Int = 1
    ) -> NodeDescription {
        NodeDescription(
            name: "test",
            opType: opType,
            domain: "ai.onnx.ml",
            opsetVersion: opset,
            inputs: (0..<inputs).map { "input\($0)" },
            outputs: (0..<outputs).map { "output\($0)" },
            attributes: NodeAttributes(attributes)
        )
    }

    /// The node's operator, built as a model load would.
    static func make(
        _ opType: String,
        opset: Int = 3,
        attributes: [String: Attribute],
        inputs: Int = 1,
        outputs: Int = 1
    ) throws(KServeError) -> any Operator {
        try OperatorRegistry.standard.makeOperator(
            node(opType, opset: opset, attributes: attributes, inputs: inputs, outputs: outputs)
        )
    }

    static func run(
        _ opType: String,
        opset: Int = 3,
        attributes: [String: Attribute],
        inputs: [Tensor],
        outputs: Int = 1
    ) throws(KServeError) -> [Tensor] {
        let instance = try make(opType, opset: opset, attributes: attributes, inputs: inputs.count, outputs: outputs)
        return try instance.run(OperatorInputs(inputs), context: ExecutionContext(backend: ReferenceBackend()))
    }

    /// The error building or running the node fails with, or nil when it succeeds.
    static func error(
        _ opType: String,
        opset: Int = 3,
        attributes: [String: Attribute],
        inputs: [Tensor],
        outputs: Int = 1
    ) -> KServeError? {
        do {
            _ = try run(opType, opset: opset, attributes: attributes, inputs: inputs, outputs: outputs)
            return nil
        } catch {
            return error
        }
    }

    /// Attribute shorthands.
    static func strings(_ values: [String]) -> Attribute { .strings(values.map { Array($0.utf8) }) }
    static func string(_ value: String) -> Attribute { .string(Array(value.utf8)) }

    static func floats(_ tensor: Tensor) -> [Float] { tensor.values(Float.self) ?? [] }
    static func labels(_ tensor: Tensor) -> [String] {
        guard case .string(let values) = tensor.storage else { return [] }
        return values.map { String(decoding: $0, as: UTF8.self) }
    }

    /// `a` and `b` agree to `tolerance` (absolute) element by element; NaN matches NaN.
    static func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-6) -> Bool {
        a.count == b.count
            && zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    static func logistic(_ x: Double) -> Float { Float(1 / (1 + exp(-x))) }
}

@Suite("ai.onnx.ml registration")
struct MLRegistrationTests {
    @Test("every ml operator is registered in the ai.onnx.ml domain")
    func registered() {
        let expected = [
            "ArrayFeatureExtractor", "Binarizer", "Imputer", "LabelEncoder", "LinearClassifier", "LinearRegressor",
            "Normalizer", "OneHotEncoder", "SVMClassifier", "SVMRegressor", "Scaler", "TreeEnsemble",
            "TreeEnsembleClassifier", "TreeEnsembleRegressor", "ZipMap",
        ]
        for opType in expected {
            #expect(OperatorRegistry.standard.contains(opType, domain: "ai.onnx.ml"), "\(opType)")
            #expect(!OperatorRegistry.standard.contains(opType, domain: ""), "\(opType) leaked into ai.onnx")
        }
    }

    @Test("TreeEnsemble needs ml opset 5")
    func treeEnsembleOpset() {
        let error = MLHarness.error(
            "TreeEnsemble",
            opset: 3,
            attributes: ["n_targets": .int(1)],
            inputs: [Tensor(shape: [1, 1], floats: [0])]
        )
        #expect(error?.code == .unsupported)
    }
}
