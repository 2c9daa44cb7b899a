import Compute
import Core

/// One node's computation, built from its ``NodeDescription`` at load (attributes read and checked then) and run
/// for every request. Immutable: many requests run the same operator at once.
package protocol Operator: Sendable {
    /// Computes the node's outputs, one tensor per output the node declares (trailing optional outputs that the
    /// node does not name may be left out).
    ///
    /// Errors are about the inputs (`.invalidInput`: a shape or type that the operator cannot take); the executor
    /// adds the node's name.
    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor]
}

/// Builds a node's operator; throws `.unsupported` for an attribute value it does not implement and
/// `.invalidInput` for an attribute that is malformed.
package typealias OperatorFactory = @Sendable (NodeDescription) throws(KServeError) -> any Operator

/// A node's input tensors; nil where an optional input is omitted.
package struct OperatorInputs {
    package var tensors: [Tensor?]

    package init(_ tensors: [Tensor?]) { self.tensors = tensors }

    package var count: Int { tensors.count }

    /// Input `index`, which must be present.
    package func required(_ index: Int) throws(KServeError) -> Tensor {
        guard index < tensors.count, let tensor = tensors[index] else {
            throw KServeError(.invalidInput, "input \(index) is missing")
        }
        return tensor
    }

    /// Input `index` when present.
    package func optional(_ index: Int) -> Tensor? {
        index < tensors.count ? tensors[index] : nil
    }
}
