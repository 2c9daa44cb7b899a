import Compute
import Core

@testable import ONNX

/// Builds one node of the standard registry and runs it, as the executor would.
enum ElementwiseHarness {
    static func run(
        _ opType: String,
        opset: Int = 18,
        _ inputs: [Tensor?],
        attributes: [String: Attribute] = [:]
    ) throws(KServeError) -> [Tensor] {
        let node = NodeDescription(
            name: "test",
            opType: opType,
            opsetVersion: opset,
            inputs: inputs.indices.map { inputs[$0] == nil ? "" : "x\($0)" },
            outputs: ["y"],
            attributes: NodeAttributes(attributes)
        )
        let op = try OperatorRegistry.standard.makeOperator(node)
        return try op.run(OperatorInputs(inputs), context: ExecutionContext(backend: ReferenceBackend()))
    }

    /// The single output of `opType`.
    static func output(
        _ opType: String,
        opset: Int = 18,
        _ inputs: [Tensor?],
        attributes: [String: Attribute] = [:]
    ) throws(KServeError) -> Tensor {
        let outputs = try run(opType, opset: opset, inputs, attributes: attributes)
        guard let first = outputs.first else { throw KServeError(.invalidInput, "no output") }
        return first
    }

    /// Whether `actual` and `expected` agree within `tolerance` elementwise (NaN matches NaN).
    static func close(_ actual: [Float]?, _ expected: [Float], tolerance: Float = 1e-5) -> Bool {
        guard let actual, actual.count == expected.count else { return false }
        for (a, e) in zip(actual, expected) {
            if a.isNaN || e.isNaN {
                guard a.isNaN && e.isNaN else { return false }
                continue
            }
            if a == e { continue }
            guard abs(a - e) <= tolerance * max(1, abs(e)) else { return false }
        }
        return true
    }

    /// `count` deterministic pseudo-random floats in [-4, 4).
    static func floats(_ count: Int, seed: UInt64 = 1) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) * 8 - 4
        }
    }
}
