/// Elementwise arithmetic, comparisons, logic, activations, Cast, Softmax and the reductions.
package enum ElementwiseOperators {
    package static let all: [OperatorRegistration] = []
}
