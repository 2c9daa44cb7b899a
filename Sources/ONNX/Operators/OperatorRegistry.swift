import Core

/// The operators the executor knows, by domain and type.
package struct OperatorRegistry: Sendable {
    private var byKey: [String: OperatorRegistration] = [:]

    package init(_ registrations: [OperatorRegistration]) {
        for registration in registrations {
            byKey[Self.key(domain: registration.domain, opType: registration.opType)] = registration
        }
    }

    /// Every operator of every family.
    package static let standard = OperatorRegistry(
        ElementwiseOperators.all + ShapeOperators.all + NeuralNetworkOperators.all + MLOperators.all
    )

    /// Whether `opType` of `domain` is implemented (at some version).
    package func contains(_ opType: String, domain: String) -> Bool {
        byKey[Self.key(domain: domain, opType: opType)] != nil
    }

    /// The (domain, op type) pairs registered, sorted.
    package var operators: [(domain: String, opType: String)] {
        byKey.values.map { ($0.domain, $0.opType) }.sorted { ($0.domain, $0.opType) < ($1.domain, $1.opType) }
    }

    /// Builds the operator of `node`, or fails naming the op, the node and the domain.
    package func makeOperator(_ node: NodeDescription) throws(KServeError) -> any Operator {
        let domain = Self.normalized(node.domain)
        guard let registration = byKey[Self.key(domain: domain, opType: node.opType)] else {
            let domainName = domain.isEmpty ? "ai.onnx" : domain
            throw KServeError(
                .unsupported,
                "\(node.label): operator \(node.opType) of domain \(domainName) is not supported"
            )
        }
        guard node.opsetVersion >= registration.sinceVersion else {
            throw KServeError(
                .unsupported,
                "\(node.label): \(node.opType) is supported from opset \(registration.sinceVersion) of its domain,"
                    + " the model imports opset \(node.opsetVersion)"
            )
        }
        do {
            return try registration.factory(node)
        } catch {
            throw KServeError(error.code, "\(node.label): \(error.message)", cause: error.cause)
        }
    }

    /// "ai.onnx" is the default domain's other spelling.
    package static func normalized(_ domain: String) -> String { domain == "ai.onnx" ? "" : domain }

    private static func key(domain: String, opType: String) -> String { normalized(domain) + "\u{0}" + opType }
}
