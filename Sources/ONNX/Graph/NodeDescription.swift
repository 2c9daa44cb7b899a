/// What an operator factory is given to build a node's operator: the node as the model file writes it, with the
/// opset version its domain is imported at (the operator's behaviour is that of the newest version at or below it).
package struct NodeDescription: Sendable, Equatable {
    package var name: String
    package var opType: String
    /// "" for the default domain (ai.onnx), else e.g. "ai.onnx.ml".
    package var domain: String
    /// The version the model imports the node's domain at.
    package var opsetVersion: Int
    /// Input value names; "" marks an omitted optional input.
    package var inputs: [String]
    package var outputs: [String]
    package var attributes: NodeAttributes

    package init(
        name: String,
        opType: String,
        domain: String = "",
        opsetVersion: Int,
        inputs: [String],
        outputs: [String],
        attributes: NodeAttributes = NodeAttributes()
    ) {
        self.name = name
        self.opType = opType
        self.domain = domain
        self.opsetVersion = opsetVersion
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }

    /// `node "fc1" (Gemm)`, or `node 3 (Gemm)` for an unnamed node, with its domain when it is not the default.
    package var label: String {
        let domainPart = domain.isEmpty || domain == "ai.onnx" ? "" : "\(domain):"
        return "node \"\(name)\" (\(domainPart)\(opType))"
    }
}
