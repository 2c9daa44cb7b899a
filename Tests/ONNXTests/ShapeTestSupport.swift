import Compute
import Core
import Testing

@testable import ONNX

/// Builds one node of the shape operators through the standard registry and runs it.
enum ShapeTestSupport {
    static func run(
        _ opType: String,
        opset: Int = 18,
        _ inputs: [Tensor?],
        attributes: [String: Attribute] = [:],
        outputs: Int = 1,
        memoryLimit: Int = Int.max
    ) throws(KServeError) -> [Tensor] {
        let node = NodeDescription(
            name: "test",
            opType: opType,
            opsetVersion: opset,
            inputs: inputs.enumerated().map { $1 == nil ? "" : "in\($0)" },
            outputs: (0..<outputs).map { "out\($0)" },
            attributes: NodeAttributes(attributes)
        )
        let op = try OperatorRegistry.standard.makeOperator(node)
        let context = ExecutionContext(backend: ReferenceBackend(), memoryLimit: memoryLimit)
        return try op.run(OperatorInputs(inputs), context: context)
    }

    /// The single output of a node.
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

    /// The error that running the node throws, or nil when it succeeds.
    static func failure(
        _ opType: String,
        opset: Int = 18,
        _ inputs: [Tensor?],
        attributes: [String: Attribute] = [:],
        memoryLimit: Int = Int.max
    ) -> KServeError? {
        do {
            _ = try run(opType, opset: opset, inputs, attributes: attributes, memoryLimit: memoryLimit)
            return nil
        } catch {
            return error
        }
    }

    static func floats(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, floats: (0..<shape.reduce(1, *)).map { Float($0) })
    }

    static func ints(_ values: [Int64]) -> Tensor { Tensor(shape: [values.count], int64s: values) }

    static func strings(_ shape: [Int], _ values: [String]) -> Tensor {
        Tensor(shape: shape, storage: .string(values.map { Array($0.utf8) }))
    }
}
