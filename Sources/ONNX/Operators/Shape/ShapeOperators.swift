/// Operators that move or select elements: Reshape, Transpose, Concat, Gather, Slice and their kin.
package enum ShapeOperators {
    package static let all: [OperatorRegistration] = []
}
