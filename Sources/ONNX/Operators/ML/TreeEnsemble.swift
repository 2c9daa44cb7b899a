import Compute
import Core

/// ai.onnx.ml TreeEnsemble (ml opset 5): `[N, n_targets]` scores in the input's type (float or double).
///
/// Branch nodes are indexed by position in the `nodes_*` arrays and leaves by position in `leaf_targetids` /
/// `leaf_weights`; `nodes_trueleafs`/`nodes_falseleafs` say which a child index refers to. `tree_roots` are node
/// positions; a root whose two children are the same leaf is a lone leaf, the one at the root's own position in the
/// leaf arrays (as in onnxruntime and the ONNX reference). BRANCH_MEMBER nodes take their sets, in node order, from `membership_values`, NaN-separated.
/// `aggregate_function` and `post_transform` are integers; see ``MLPostTransform/read(code:)`` for the latter's
/// numbering.
struct TreeEnsembleOperator: Operator {
    let forest: TreeForest
    let aggregate: TreeAggregate
    let transform: MLPostTransform

    init(_ node: NodeDescription) throws(KServeError) {
        let attributes = node.attributes
        let targets = try attributes.int("n_targets") ?? 0
        guard targets >= 1, targets <= Int64(Int32.max) else {
            throw KServeError(.invalidInput, "n_targets \(targets) must be at least 1")
        }
        forest = try TreeForest(try Self.source(attributes), targetCount: Int(targets))
        aggregate = try TreeAggregate.read(code: try attributes.int("aggregate_function", default: 1))
        transform = try MLPostTransform.read(code: try attributes.int("post_transform", default: 0))
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try TreeInput.read(inputs.required(0), allowIntegers: false)
        switch input {
        case .float(let values, let rows, let columns):
            let scores = try forest.score(values, rows: rows, columns: columns, aggregate: aggregate, context: context)
            let output = scores.regression(
                aggregate: aggregate,
                treeCount: forest.treeCount,
                base: [],
                transform: transform
            )
            return [Tensor(shape: [rows, forest.targetCount], floats: output.map { Float($0) })]
        case .double(let values, let rows, let columns):
            let scores = try forest.score(values, rows: rows, columns: columns, aggregate: aggregate, context: context)
            let output = scores.regression(
                aggregate: aggregate,
                treeCount: forest.treeCount,
                base: [],
                transform: transform
            )
            return [Tensor(shape: [rows, forest.targetCount], storage: .double(output))]
        }
    }

    private static func source(_ attributes: NodeAttributes) throws(KServeError) -> TreeSource {
        let featureIDs = try attributes.ints("nodes_featureids") ?? []
        let trueIDs = try attributes.ints("nodes_truenodeids") ?? []
        let falseIDs = try attributes.ints("nodes_falsenodeids") ?? []
        let trueLeafs = try attributes.ints("nodes_trueleafs") ?? []
        let falseLeafs = try attributes.ints("nodes_falseleafs") ?? []
        let missingTracksTrue = try attributes.ints("nodes_missing_value_tracks_true") ?? []
        let modes = try tensorIntegers(attributes, "nodes_modes") ?? []
        let splits = try tensorReals(attributes, "nodes_splits") ?? []
        let leafTargets = try attributes.ints("leaf_targetids") ?? []
        let leafWeights = try tensorReals(attributes, "leaf_weights") ?? []
        let membership = try tensorReals(attributes, "membership_values") ?? []
        let roots = try attributes.ints("tree_roots") ?? []
        let count = featureIDs.count
        for (name, length) in [
            ("nodes_truenodeids", trueIDs.count), ("nodes_falsenodeids", falseIDs.count),
            ("nodes_trueleafs", trueLeafs.count), ("nodes_falseleafs", falseLeafs.count),
            ("nodes_modes", modes.count), ("nodes_splits", splits.count),
        ] where length != count {
            throw KServeError(.invalidInput, "\(name) has \(length) entries, nodes_featureids \(count)")
        }
        guard missingTracksTrue.isEmpty || missingTracksTrue.count == count else {
            throw KServeError(
                .invalidInput,
                "nodes_missing_value_tracks_true has \(missingTracksTrue.count) entries for \(count) nodes"
            )
        }
        guard leafTargets.count == leafWeights.count else {
            throw KServeError(
                .invalidInput,
                "leaf_targetids has \(leafTargets.count) entries, leaf_weights \(leafWeights.count)"
            )
        }

        // Positions: branch nodes first, then one node per leaf.
        var source = TreeSource()
        source.idsAreTreeLocal = false
        source.nodes.reserveCapacity(count + leafTargets.count)
        var memberCursor = 0
        for index in 0..<count {
            var node = TreeSource.Node()
            node.id = Int64(index)
            guard let comparison = TreeComparison(rawValue: UInt8(clamping: max(0, modes[index]))),
                modes[index] >= 0, modes[index] <= 6
            else {
                throw KServeError(.invalidInput, "node \(index) has mode \(modes[index]), expected 0...6")
            }
            node.comparison = comparison
            node.feature = featureIDs[index]
            node.threshold = splits[index]
            node.nanGoesTrue = !missingTracksTrue.isEmpty && missingTracksTrue[index] == 1
            if comparison == .member {
                while memberCursor < membership.count, !membership[memberCursor].isNaN {
                    node.members.append(membership[memberCursor])
                    memberCursor += 1
                }
                memberCursor += 1
            }
            node.trueChild = try child(
                trueIDs[index],
                leaf: trueLeafs[index] != 0,
                of: index,
                nodes: count,
                leaves: leafTargets.count
            )
            node.falseChild = try child(
                falseIDs[index],
                leaf: falseLeafs[index] != 0,
                of: index,
                nodes: count,
                leaves: leafTargets.count
            )
            source.nodes.append(node)
        }
        for leaf in leafTargets.indices {
            var node = TreeSource.Node()
            node.id = Int64(leaf)
            source.nodes.append(node)
            guard let target = Int(exactly: leafTargets[leaf]) else {
                throw KServeError(.invalidInput, "leaf_targetids[\(leaf)] = \(leafTargets[leaf]) is out of range")
            }
            source.voteNodes.append(count + leaf)
            source.voteTargets.append(target)
            source.voteWeights.append(leafWeights[leaf])
        }
        for root in roots {
            guard root >= 0, root < count else {
                throw KServeError(.invalidInput, "tree root \(root) is not a node (there are \(count))")
            }
            let index = Int(root)
            if trueLeafs[index] != 0, falseLeafs[index] != 0, trueIDs[index] == falseIDs[index] {
                guard index < leafTargets.count else {
                    throw KServeError(.invalidInput, "tree root \(root) is a leaf that does not exist")
                }
                source.roots.append(count + index)
            } else {
                source.roots.append(index)
            }
        }
        return source
    }

    private static func child(
        _ id: Int64,
        leaf: Bool,
        of node: Int,
        nodes: Int,
        leaves: Int
    ) throws(KServeError) -> Int {
        let limit = leaf ? leaves : nodes
        guard id >= 0, id < Int64(limit) else {
            throw KServeError(
                .invalidInput,
                "node \(node) refers to \(leaf ? "leaf" : "node") \(id), outside 0..<\(limit)"
            )
        }
        return leaf ? nodes + Int(id) : Int(id)
    }

    private static func tensorIntegers(_ attributes: NodeAttributes, _ name: String) throws(KServeError) -> [Int64]? {
        guard let tensor = try attributes.tensor(name) else { return nil }
        guard let values = tensor.integers() else {
            throw KServeError(.invalidInput, "\(name) is a \(tensor.elementType) tensor, expected integers")
        }
        return values
    }

    private static func tensorReals(_ attributes: NodeAttributes, _ name: String) throws(KServeError) -> [Double]? {
        guard let tensor = try attributes.tensor(name) else { return nil }
        guard tensor.elementType.isFloatingPoint, let values = tensor.doubles() else {
            throw KServeError(.invalidInput, "\(name) is a \(tensor.elementType) tensor, expected float or double")
        }
        return values
    }
}
