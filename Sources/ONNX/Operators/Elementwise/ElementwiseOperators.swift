import Core

/// Elementwise arithmetic, comparisons, logic, activations, Cast, Softmax and the reductions.
package enum ElementwiseOperators {
    package static let all: [OperatorRegistration] = arithmetic + activations + comparisons + others + reductions

    /// Numpy broadcasting arrived in opset 7; earlier versions had `broadcast`/`axis` attributes instead.
    private static let arithmetic: [OperatorRegistration] = [
        OperatorRegistration("Add", since: 7) { _ in BinaryArithmetic(kind: .add) },
        OperatorRegistration("Sub", since: 7) { _ in BinaryArithmetic(kind: .sub) },
        OperatorRegistration("Mul", since: 7) { _ in BinaryArithmetic(kind: .mul) },
        OperatorRegistration("Div", since: 7) { _ in BinaryArithmetic(kind: .div) },
        OperatorRegistration("Pow", since: 7) { _ in Pow() },
        OperatorRegistration("Max", since: 8) { _ in Variadic(kind: .max) },
        OperatorRegistration("Min", since: 8) { _ in Variadic(kind: .min) },
        OperatorRegistration("Sum", since: 8) { _ in Variadic(kind: .sum) },
        OperatorRegistration("Mean", since: 8) { _ in Variadic(kind: .mean) },
        OperatorRegistration("Mod", since: 10, Mod.make),
    ]

    /// Opset 1 versions of these had a legacy `consumed_inputs` attribute, which changes nothing here.
    private static let activations: [OperatorRegistration] = [
        unary("Neg") { _ in .neg },
        unary("Abs") { _ in .abs },
        unary("Relu") { _ in .relu },
        unary("Sign", since: 9) { _ in .sign },
        unary("LeakyRelu") { (attributes: NodeAttributes) throws(KServeError) in
            .leakyRelu(alpha: try attributes.float("alpha", default: 0.01))
        },
        unary("Sigmoid") { _ in .sigmoid },
        unary("HardSigmoid") { (attributes: NodeAttributes) throws(KServeError) in
            .hardSigmoid(
                alpha: try attributes.float("alpha", default: 0.2),
                beta: try attributes.float("beta", default: 0.5)
            )
        },
        unary("Tanh") { _ in .tanh },
        unary("Exp") { _ in .exp },
        unary("Log") { _ in .log },
        unary("Sqrt") { _ in .sqrt },
        unary("Reciprocal") { _ in .reciprocal },
        unary("Erf", since: 9) { _ in .erf },
        unary("Gelu", since: 20) { (attributes: NodeAttributes) throws(KServeError) in
            switch try attributes.string("approximate", default: "none") {
            case "none": return .gelu(approximateTanh: false)
            case "tanh": return .gelu(approximateTanh: true)
            case let other: throw KServeError(.unsupported, "approximate \"\(other)\" is not supported (none or tanh)")
            }
        },
        unary("Elu") { (attributes: NodeAttributes) throws(KServeError) in
            .elu(alpha: try attributes.float("alpha", default: 1))
        },
        unary("Selu") { (attributes: NodeAttributes) throws(KServeError) in
            .selu(
                alpha: try attributes.float("alpha", default: 1.673_263_192_176_818_847_656_25),
                gamma: try attributes.float("gamma", default: 1.050_701_022_148_132_324_218_75)
            )
        },
        unary("Softplus") { _ in .softplus },
        unary("Softsign") { _ in .softsign },
        unary("Ceil") { _ in .ceil },
        unary("Floor") { _ in .floor },
        unary("Round", since: 11) { _ in .round },
        unary("Sin", since: 7) { _ in .sin },
        unary("Cos", since: 7) { _ in .cos },
        OperatorRegistration("Clip", since: 1, Clip.make),
        OperatorRegistration("Softmax", since: 1, Softmax.make(logarithmic: false)),
        OperatorRegistration("LogSoftmax", since: 1, Softmax.make(logarithmic: true)),
    ]

    /// Equal, Less and Greater had `broadcast` attributes before opset 7, as the arithmetic did.
    private static let comparisons: [OperatorRegistration] = [
        OperatorRegistration("Equal", since: 7) { _ in Comparison(kind: .equal) },
        OperatorRegistration("Less", since: 7) { _ in Comparison(kind: .less) },
        OperatorRegistration("Greater", since: 7) { _ in Comparison(kind: .greater) },
        OperatorRegistration("LessOrEqual", since: 12) { _ in Comparison(kind: .lessOrEqual) },
        OperatorRegistration("GreaterOrEqual", since: 12) { _ in Comparison(kind: .greaterOrEqual) },
        OperatorRegistration("Not", since: 1) { _ in Logical(kind: .not) },
        OperatorRegistration("And", since: 7) { _ in Logical(kind: .and) },
        OperatorRegistration("Or", since: 7) { _ in Logical(kind: .or) },
        OperatorRegistration("Xor", since: 7) { _ in Logical(kind: .xor) },
    ]

    private static let others: [OperatorRegistration] = [
        OperatorRegistration("Cast", since: 1, Cast.make),
        OperatorRegistration("CastLike", since: 15) { _ in CastLike() },
        OperatorRegistration("Where", since: 9) { _ in Where() },
        OperatorRegistration("ArgMax", since: 1, ArgExtremum.make(largest: true)),
        OperatorRegistration("ArgMin", since: 1, ArgExtremum.make(largest: false)),
    ]

    private static let reductions: [OperatorRegistration] = [
        OperatorRegistration("ReduceSum", since: 1, Reduce.make(.sum, axesInputSince: 13)),
        OperatorRegistration("ReduceMean", since: 1, Reduce.make(.mean, axesInputSince: 18)),
        OperatorRegistration("ReduceMax", since: 1, Reduce.make(.max, axesInputSince: 18)),
        OperatorRegistration("ReduceMin", since: 1, Reduce.make(.min, axesInputSince: 18)),
        OperatorRegistration("ReduceProd", since: 1, Reduce.make(.prod, axesInputSince: 18)),
        OperatorRegistration("ReduceSumSquare", since: 1, Reduce.make(.sumSquare, axesInputSince: 18)),
        OperatorRegistration("ReduceL1", since: 1, Reduce.make(.l1, axesInputSince: 18)),
        OperatorRegistration("ReduceL2", since: 1, Reduce.make(.l2, axesInputSince: 18)),
        OperatorRegistration("ReduceLogSum", since: 1, Reduce.make(.logSum, axesInputSince: 18)),
        OperatorRegistration("ReduceLogSumExp", since: 1, Reduce.make(.logSumExp, axesInputSince: 18)),
    ]

    /// A ``UnaryMath`` registration whose kind comes from the node's attributes.
    private static func unary(
        _ opType: String,
        since: Int = 1,
        _ kind: @escaping @Sendable (NodeAttributes) throws(KServeError) -> UnaryMath.Kind
    ) -> OperatorRegistration {
        OperatorRegistration(opType, since: since) { (node: NodeDescription) throws(KServeError) -> any Operator in
            UnaryMath(kind: try kind(node.attributes))
        }
    }
}
