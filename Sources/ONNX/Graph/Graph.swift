import Compute

/// A model's graph as the file describes it, decoded but not yet planned.
package struct Graph: Sendable {
    package var name: String
    /// In file order (which need not be topological).
    package var nodes: [NodeDescription]
    /// Constant tensors by name.
    package var initializers: [String: Tensor]
    /// The inputs a request feeds: graph inputs that no initializer names.
    package var inputs: [ValueInfo]
    package var outputs: [ValueInfo]
    /// Opset versions by domain ("" is ai.onnx).
    package var opsets: [String: Int]

    package init(
        name: String,
        nodes: [NodeDescription],
        initializers: [String: Tensor],
        inputs: [ValueInfo],
        outputs: [ValueInfo],
        opsets: [String: Int]
    ) {
        self.name = name
        self.nodes = nodes
        self.initializers = initializers
        self.inputs = inputs
        self.outputs = outputs
        self.opsets = opsets
    }
}
