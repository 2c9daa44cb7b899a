/// One node of a planned graph: its operator and the value slots it reads, writes and frees.
struct ExecutionStep: Sendable {
    let node: NodeDescription
    /// Replaced when the plan fuses this node with its neighbour (``ActivationFusion``).
    var op: any Operator
    /// Slot per node input; -1 for an omitted optional input.
    let inputs: [Int]
    /// Slot per node output; -1 for an output the node leaves unnamed.
    let outputs: [Int]
    /// Slots whose last reader this step is: dropped after it runs, so their memory goes back at once.
    var releases: [Int] = []
}
