import Compute
import Core

/// ai.onnx.ml TreeEnsembleRegressor (ml opsets 1 and 3): `[N, n_targets]` float scores, the trees' leaf weights
/// combined with `aggregate_function`, plus `base_values`, then `post_transform` (see ``TreeRawScores/regression``).
struct TreeEnsembleRegressorOperator: Operator {
    let forest: TreeForest
    let aggregate: TreeAggregate
    let base: [Double]
    let transform: MLPostTransform

    init(_ node: NodeDescription) throws(KServeError) {
        let attributes = node.attributes
        let source = try TreeEnsembleV3Attributes.source(attributes, votePrefix: "target")
        var targets = try attributes.int("n_targets") ?? Int64((source.voteTargets.max() ?? 0) + 1)
        if targets == 0, !attributes.has("n_targets") { targets = 1 }
        guard targets >= 1, targets <= Int64(Int32.max) else {
            throw KServeError(.invalidInput, "n_targets \(targets) must be at least 1")
        }
        forest = try TreeForest(source, targetCount: Int(targets))
        aggregate = try TreeAggregate.read(attributes)
        base = try TreeEnsembleV3Attributes.reals(attributes, "base_values")
        guard base.isEmpty || base.count == Int(targets) else {
            throw KServeError(.invalidInput, "base_values has \(base.count) values, expected 0 or \(targets)")
        }
        transform = try MLPostTransform.read(attributes)
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try TreeInput.read(inputs.required(0))
        let output: [Double]
        switch input {
        case .float(let values, let rows, let columns):
            let scores = try forest.score(values, rows: rows, columns: columns, aggregate: aggregate, context: context)
            output = scores.regression(
                aggregate: aggregate,
                treeCount: forest.treeCount,
                base: base.map { Float($0) },
                transform: transform
            )
        case .double(let values, let rows, let columns):
            let scores = try forest.score(values, rows: rows, columns: columns, aggregate: aggregate, context: context)
            output = scores.regression(
                aggregate: aggregate,
                treeCount: forest.treeCount,
                base: base,
                transform: transform
            )
        }
        return [Tensor(shape: [input.rows, forest.targetCount], floats: output.map { Float($0) })]
    }
}
