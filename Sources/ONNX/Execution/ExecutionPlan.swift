import Compute
import Core

/// A graph checked and ordered for running: every value has a slot, the nodes run in topological order, constant
/// subgraphs are computed once at load, and each intermediate value is freed after its last reader.
package struct ExecutionPlan: Sendable {
    let slotCount: Int
    /// Initializers and folded values, by slot.
    let constants: [(slot: Int, tensor: Tensor)]
    let inputSlots: [Int]
    let outputSlots: [Int]
    let steps: [ExecutionStep]

    /// Nodes left to run per request (after constant folding).
    package var nodeCount: Int { steps.count }
    /// Nodes computed once at load.
    package let foldedNodeCount: Int
    /// Activations computed inside the node before them (a Conv's Relu).
    package let fusedNodeCount: Int
    /// Bytes of the constants the plan holds.
    package let constantBytes: Int

    /// Plans `graph`: errors for a value produced twice, a node input that nothing produces, a cycle, an output
    /// that nothing produces, an operator that is not supported, and a constant subgraph that fails to compute.
    package init(
        _ graph: Graph,
        registry: OperatorRegistry,
        backend: any ComputeBackend,
        memoryLimit: Int
    ) throws(KServeError) {
        var slots: [String: Int] = [:]
        func define(_ name: String, _ what: String) throws(KServeError) -> Int {
            guard slots[name] == nil else {
                throw KServeError(.invalidInput, "value \"\(name)\" is defined twice (\(what))")
            }
            let slot = slots.count
            slots[name] = slot
            return slot
        }
        let inputSlots = try graph.inputs.map { (input) throws(KServeError) in try define(input.name, "a graph input") }
        var constantValues: [Int: Tensor] = [:]
        for (name, tensor) in graph.initializers.sorted(by: { $0.key < $1.key }) {
            constantValues[try define(name, "an initializer")] = tensor
        }
        // Slots for node outputs, and which node produces each.
        var producer: [Int: Int] = [:]
        var nodeOutputs: [[Int]] = []
        for (index, node) in graph.nodes.enumerated() {
            var outputs: [Int] = []
            for name in node.outputs {
                if name.isEmpty {
                    outputs.append(-1)
                    continue
                }
                let slot = try define(name, "an output of \(node.label)")
                producer[slot] = index
                outputs.append(slot)
            }
            nodeOutputs.append(outputs)
        }
        var nodeInputs: [[Int]] = []
        for node in graph.nodes {
            var inputs: [Int] = []
            for name in node.inputs {
                if name.isEmpty {
                    inputs.append(-1)
                    continue
                }
                guard let slot = slots[name] else {
                    throw KServeError(
                        .invalidInput,
                        "\(node.label) reads \"\(name)\", which no graph input, initializer or node provides"
                    )
                }
                inputs.append(slot)
            }
            nodeInputs.append(inputs)
        }
        let order = try Self.topologicalOrder(graph, inputs: nodeInputs, producer: producer)
        var steps: [ExecutionStep] = []
        var folded = 0
        let context = ExecutionContext(backend: backend, memoryLimit: memoryLimit)
        for index in order {
            let node = graph.nodes[index]
            let op = try registry.makeOperator(node)
            let step = ExecutionStep(node: node, op: op, inputs: nodeInputs[index], outputs: nodeOutputs[index])
            let foldable = step.inputs.allSatisfy { $0 < 0 || constantValues[$0] != nil }
            guard foldable else {
                steps.append(step)
                continue
            }
            let values = step.inputs.map { $0 < 0 ? nil : constantValues[$0] }
            let results = try Self.run(step, OperatorInputs(values), context: context)
            for (position, slot) in step.outputs.enumerated() where slot >= 0 && position < results.count {
                constantValues[slot] = results[position]
            }
            folded += 1
        }
        var outputSlots: [Int] = []
        for output in graph.outputs {
            guard let slot = slots[output.name] else {
                throw KServeError(.invalidInput, "graph output \"\(output.name)\" is produced by no node")
            }
            outputSlots.append(slot)
        }
        let fused = ActivationFusion.apply(to: &steps, keeping: Set(outputSlots))
        // Free each value after its last reader; graph outputs and constants stay.
        var lastReader: [Int: Int] = [:]
        for (position, step) in steps.enumerated() {
            for slot in step.inputs where slot >= 0 { lastReader[slot] = position }
        }
        let kept = Set(outputSlots)
        for (slot, position) in lastReader where !kept.contains(slot) && constantValues[slot] == nil {
            steps[position].releases.append(slot)
        }
        self.slotCount = slots.count
        self.constants = constantValues.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.inputSlots = inputSlots
        self.outputSlots = outputSlots
        self.steps = steps
        self.foldedNodeCount = folded
        self.fusedNodeCount = fused
        self.constantBytes = constantValues.values.reduce(0) { $0 + $1.storage.byteCount }
    }

    /// Kahn's algorithm in file order among ready nodes; a cycle is an error naming the nodes caught in it.
    private static func topologicalOrder(
        _ graph: Graph,
        inputs: [[Int]],
        producer: [Int: Int]
    ) throws(KServeError) -> [Int] {
        let count = graph.nodes.count
        var pending = [Int](repeating: 0, count: count)
        var readers = [[Int]](repeating: [], count: count)
        for (index, slots) in inputs.enumerated() {
            for slot in Set(slots) where slot >= 0 {
                guard let source = producer[slot] else { continue }
                pending[index] += 1
                readers[source].append(index)
            }
        }
        var ready = (0..<count).filter { pending[$0] == 0 }.reversed() as [Int]
        var order: [Int] = []
        order.reserveCapacity(count)
        while let next = ready.popLast() {
            order.append(next)
            for reader in readers[next].reversed() {
                pending[reader] -= 1
                if pending[reader] == 0 { ready.append(reader) }
            }
        }
        guard order.count == count else {
            let stuck = (0..<count).filter { pending[$0] > 0 }.prefix(5).map { graph.nodes[$0].label }
            throw KServeError(.invalidInput, "the graph has a cycle through \(stuck.joined(separator: ", "))")
        }
        return order
    }

    /// Runs one step, with the node's label on any error, and checks it produced its named outputs.
    static func run(
        _ step: ExecutionStep,
        _ inputs: OperatorInputs,
        context: ExecutionContext
    ) throws(KServeError) -> [Tensor] {
        let results: [Tensor]
        do {
            results = try step.op.run(inputs, context: context)
        } catch {
            throw KServeError(error.code, "\(step.node.label): \(error.message)", cause: error.cause)
        }
        for (position, slot) in step.outputs.enumerated() where slot >= 0 && position >= results.count {
            throw KServeError(
                .internal,
                "\(step.node.label) produced \(results.count) outputs, output \(position) is missing"
            )
        }
        return results
    }

    /// Runs the plan on one tensor per graph input, in graph order; answers one tensor per graph output.
    package func run(_ inputs: [Tensor], context: ExecutionContext) throws(KServeError) -> [Tensor] {
        guard inputs.count == inputSlots.count else {
            throw KServeError(.invalidInput, "the graph takes \(inputSlots.count) inputs, \(inputs.count) were given")
        }
        var values = [Tensor?](repeating: nil, count: slotCount)
        for (slot, tensor) in constants { values[slot] = tensor }
        for (position, slot) in inputSlots.enumerated() { values[slot] = inputs[position] }
        var live = 0
        for step in steps {
            var arguments: [Tensor?] = []
            arguments.reserveCapacity(step.inputs.count)
            for slot in step.inputs { arguments.append(slot >= 0 ? values[slot] : nil) }
            let results = try Self.run(step, OperatorInputs(arguments), context: context)
            for (position, slot) in step.outputs.enumerated() where slot >= 0 {
                let result = results[position]
                live += result.storage.byteCount
                values[slot] = result
            }
            context.noteLiveBytes(live)
            guard live <= context.memoryLimit else {
                throw KServeError(
                    .resourceExhausted,
                    "\(step.node.label): the request's tensors take \(live) bytes, over the limit of"
                        + " \(context.memoryLimit)"
                )
            }
            for slot in step.releases {
                if let released = values[slot] { live -= released.storage.byteCount }
                values[slot] = nil
            }
        }
        var outputs: [Tensor] = []
        outputs.reserveCapacity(outputSlots.count)
        for slot in outputSlots {
            guard let value = values[slot] else {
                throw KServeError(.internal, "a graph output was not computed")
            }
            outputs.append(value)
        }
        return outputs
    }
}
