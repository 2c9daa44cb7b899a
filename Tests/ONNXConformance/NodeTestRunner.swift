import Compute
import Core
import ONNX

/// Runs node-test cases through the executor.
package struct NodeTestRunner: Sendable {
    package var registry: OperatorRegistry
    package var backend: any ComputeBackend

    package init(registry: OperatorRegistry = .standard, backend: any ComputeBackend = CPUBackend()) {
        self.registry = registry
        self.backend = backend
    }

    /// The operators a case's model uses, or nil when the model does not decode.
    package func operators(of testCase: NodeTestCase) -> [String]? {
        guard let bytes = try? InputFile.read(testCase.directory + "/model.onnx"),
            let graph = try? ModelDecoder.decode(bytes, directory: testCase.directory)
        else { return nil }
        return Array(Set(graph.nodes.map { $0.domain.isEmpty ? $0.opType : "\($0.domain):\($0.opType)" })).sorted()
    }

    package func run(_ testCase: NodeTestCase) -> NodeTestResult {
        let operators = self.operators(of: testCase) ?? []
        return NodeTestResult(testCase: testCase, operators: operators, outcome: outcome(testCase))
    }

    private func outcome(_ testCase: NodeTestCase) -> NodeTestOutcome {
        let bytes: [UInt8]
        let graph: Graph
        do {
            bytes = try InputFile.read(testCase.directory + "/model.onnx")
            graph = try ModelDecoder.decode(bytes, directory: testCase.directory)
        } catch {
            return Self.classify(error)
        }
        for value in graph.inputs + graph.outputs {
            switch value.type {
            case .other(let kind): return .nonTensor("\(value.name) is a \(kind)")
            case .tensor(let type, _) where type == nil:
                return .unsupportedType("\(value.name) has an element type the executor does not have")
            default: continue
            }
        }
        let model: ONNXModel
        do {
            model = try ONNXModel(bytes: bytes, directory: testCase.directory, registry: registry, backend: backend)
        } catch {
            return Self.classify(error)
        }
        let data = testCase.directory + "/test_data_set_0"
        var inputs: [Tensor] = []
        do {
            for index in graph.inputs.indices {
                inputs.append(
                    try ModelDecoder.decodeTensor(
                        try InputFile.read("\(data)/input_\(index).pb"),
                        what: "input \(index)"
                    ).tensor
                )
            }
            let outputs = try model.run(inputs)
            for index in graph.outputs.indices {
                let expected = try ModelDecoder.decodeTensor(
                    try InputFile.read("\(data)/output_\(index).pb"),
                    what: "output \(index)"
                ).tensor
                guard index < outputs.count else { return .failed("output \(index) is missing") }
                if let problem = TensorComparison.mismatch(outputs[index], expected) {
                    return .failed("output \(index) (\(graph.outputs[index].name)): \(problem)")
                }
            }
            return .passed
        } catch {
            return Self.classify(error)
        }
    }

    /// An error is a failure, unless it is about an element type outside the executor's.
    private static func classify(_ error: KServeError) -> NodeTestOutcome {
        if error.code == .unsupported && error.message.contains("data type") {
            return .unsupportedType(error.message)
        }
        return .failed("\(error.code): \(error.message)")
    }
}
