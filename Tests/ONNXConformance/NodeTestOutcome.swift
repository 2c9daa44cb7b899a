/// How one node-test case ended.
package enum NodeTestOutcome: Sendable, Equatable {
    case passed
    /// Ran (or tried to) and did not match, or failed with an error.
    case failed(String)
    /// Uses a value that is not a tensor (sequence, map, optional): outside what the executor runs.
    case nonTensor(String)
    /// Uses an element type the executor has no storage for (float8, int4, complex...).
    case unsupportedType(String)

    package var passed: Bool { self == .passed }
}

/// A case's outcome with the operators its graph uses.
package struct NodeTestResult: Sendable {
    package var testCase: NodeTestCase
    /// Domain-qualified operator types of the model's nodes (`ai.onnx.ml:LabelEncoder`, `Add`).
    package var operators: [String]
    package var outcome: NodeTestOutcome
}
