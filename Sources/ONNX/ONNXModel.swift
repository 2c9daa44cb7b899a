import Compute
import Core

/// A loaded ONNX model: its planned graph and what it declares about its inputs and outputs.
///
/// Immutable and safe to run from many threads at once; ``run(_:)`` is CPU work for a worker thread.
package final class ONNXModel: Sendable {
    package let graph: GraphSummary
    package let plan: ExecutionPlan
    package let backend: any ComputeBackend
    /// Bytes one request's tensors may take.
    package let requestMemoryLimit: Int
    /// Output shapes of a trial run at load with every dynamic dimension set to 1 (nil when no trial could run).
    package let trialOutputShapes: [[Int]]?
    /// Output element types of the same trial run.
    package let trialOutputTypes: [ElementType]?
    /// Peak bytes of intermediate tensors in the trial run.
    package let trialPeakBytes: Int
    private let contexts: ContextPool

    /// What the graph declares, without its nodes.
    package struct GraphSummary: Sendable {
        package var name: String
        package var inputs: [ValueInfo]
        package var outputs: [ValueInfo]
        package var opsets: [String: Int]
        /// Node count and (domain-qualified) operator types, for metadata and messages.
        package var nodeCount: Int
        package var operatorTypes: [String]
        /// Class labels of ZipMap nodes by the name of the output they produce.
        package var zipMapLabels: [String: [String]]
    }

    /// Decodes, plans, folds constants and runs a trial request. `directory` is where external data files are
    /// looked for; `memoryLimit` bounds one request's tensors and the constants computed at load.
    package init(
        bytes: [UInt8],
        directory: String?,
        registry: OperatorRegistry = .standard,
        backend: any ComputeBackend = CPUBackend(),
        memoryLimit: Int = 4 << 30
    ) throws(KServeError) {
        let graph = try ModelDecoder.decode(bytes, directory: directory)
        for input in graph.inputs {
            if case .other(let kind) = input.type {
                throw KServeError(
                    .unsupported,
                    "graph input \"\(input.name)\" is a \(kind); only tensor inputs are supported"
                )
            }
        }
        let plan = try ExecutionPlan(graph, registry: registry, backend: backend, memoryLimit: memoryLimit)
        var labels: [String: [String]] = [:]
        for node in graph.nodes where node.opType == "ZipMap" && node.domain == "ai.onnx.ml" {
            guard let output = node.outputs.first else { continue }
            if let strings = try node.attributes.strings("classlabels_strings") {
                labels[output] = strings
            } else if let ints = try node.attributes.ints("classlabels_int64s") {
                labels[output] = ints.map(String.init)
            }
        }
        self.graph = GraphSummary(
            name: graph.name,
            inputs: graph.inputs,
            outputs: graph.outputs,
            opsets: graph.opsets,
            nodeCount: graph.nodes.count,
            operatorTypes: Array(Set(graph.nodes.map { $0.domain.isEmpty ? $0.opType : "\($0.domain):\($0.opType)" }))
                .sorted(),
            zipMapLabels: labels
        )
        self.plan = plan
        self.backend = backend
        self.requestMemoryLimit = memoryLimit
        self.contexts = ContextPool(backend: backend, memoryLimit: memoryLimit)
        let trial = try Self.trial(plan, inputs: graph.inputs, backend: backend, memoryLimit: memoryLimit)
        self.trialOutputShapes = trial?.outputs.map(\.shape)
        self.trialOutputTypes = trial?.outputs.map(\.elementType)
        self.trialPeakBytes = trial?.peak ?? 0
    }

    /// Runs one request: one tensor per graph input, in graph order, checked against the declared types and
    /// shapes; answers one tensor per graph output.
    package func run(_ inputs: [Tensor]) throws(KServeError) -> [Tensor] {
        guard inputs.count == graph.inputs.count else {
            throw KServeError(.invalidInput, "the model takes \(graph.inputs.count) inputs, \(inputs.count) were given")
        }
        for (tensor, declared) in zip(inputs, graph.inputs) { try Self.check(tensor, against: declared) }
        return try contexts.with { (context) throws(KServeError) in try plan.run(inputs, context: context) }
    }

    /// An error naming the input, what it declares and what came, when `tensor` does not fit `declared`.
    package static func check(_ tensor: Tensor, against declared: ValueInfo) throws(KServeError) {
        guard case .tensor(let type, let shape) = declared.type else { return }
        let typeFits = type == nil || type == tensor.elementType
        var shapeFits = true
        if let shape {
            shapeFits = shape.count == tensor.rank
            if shapeFits {
                for (dimension, actual) in zip(shape, tensor.shape) {
                    if case .fixed(let value) = dimension, value != actual { shapeFits = false }
                }
            }
        }
        guard typeFits && shapeFits else {
            throw KServeError(
                .invalidInput,
                "input \"\(declared.name)\": expected \(describe(type, shape)), got \(tensor.elementType)"
                    + " \(Tensor.describe(tensor.shape))"
            )
        }
    }

    /// `float [-1,4]` (dynamic dimensions as -1, an unknown rank as `[...]`).
    package static func describe(_ type: ElementType?, _ shape: [Dimension]?) -> String {
        let typeText = type.map(\.description) ?? "any type"
        guard let shape else { return "\(typeText) of any shape" }
        return typeText + " [" + shape.map { String($0.metadataValue) }.joined(separator: ",") + "]"
    }

    /// Runs zeros shaped like the declared inputs (dynamic dimensions as 1) through the plan: every operator runs
    /// once at load on the model's own shapes, and the outputs' shapes and the peak memory are learned. nil when an
    /// input has no declared shape or the zeros are not a valid input (see below).
    private static func trial(
        _ plan: ExecutionPlan,
        inputs: [ValueInfo],
        backend: any ComputeBackend,
        memoryLimit: Int
    ) throws(KServeError) -> (outputs: [Tensor], peak: Int)? {
        var tensors: [Tensor] = []
        for input in inputs {
            guard case .tensor(let type, let declared) = input.type, let declared else { return nil }
            let shape = declared.map { dimension -> Int in
                if case .fixed(let value) = dimension { return value }
                return 1
            }
            let count: Int
            do { count = try Tensor.elementCount(shape) } catch {
                throw KServeError(.invalidInput, "input \"\(input.name)\": \(error.message)")
            }
            guard count <= memoryLimit / max(1, (type ?? .float).byteWidth ?? 16) else {
                throw KServeError(
                    .resourceExhausted,
                    "input \"\(input.name)\" of shape \(Tensor.describe(shape)) needs more than \(memoryLimit) bytes"
                )
            }
            tensors.append(Tensor.zeros(type ?? .float, shape: shape))
        }
        let context = ExecutionContext(backend: backend, memoryLimit: memoryLimit)
        do {
            let outputs = try plan.run(tensors, context: context)
            return (outputs, context.peakLiveBytes)
        } catch {
            // Zeros are not every model's input: a divisor, a shape or an index may come from an input. Such
            // failures say nothing about the model, and the trial just teaches nothing. An operator that cannot run
            // what the graph gives it, or memory past the limit, fails every request alike: the load fails.
            guard error.code == .unsupported || error.code == .resourceExhausted else { return nil }
            throw KServeError(
                error.code,
                "a trial run with every dynamic dimension set to 1 failed: \(error.message)",
                cause: error.cause
            )
        }
    }

}
