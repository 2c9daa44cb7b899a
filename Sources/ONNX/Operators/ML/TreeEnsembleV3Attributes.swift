import Compute
import Core

/// The attributes TreeEnsembleClassifier and TreeEnsembleRegressor share (ml opsets 1 and 3): the parallel `nodes_*`
/// arrays and the leaf votes (`class_*` or `target_*`), with the opset-3 `*_as_tensor` double variants.
///
/// Trees are the runs of equal `nodes_treeids` in node order, each rooted at its first node, as onnxruntime reads
/// them; children are found by (tree id, node id).
enum TreeEnsembleV3Attributes {
    private struct Key: Hashable {
        var tree: Int64
        var node: Int64
    }

    /// Reads the ensemble; `votePrefix` is "class" or "target".
    static func source(_ attributes: NodeAttributes, votePrefix: String) throws(KServeError) -> TreeSource {
        let treeIDs = try attributes.ints("nodes_treeids") ?? []
        let nodeIDs = try attributes.ints("nodes_nodeids") ?? []
        let featureIDs = try attributes.ints("nodes_featureids") ?? []
        let modes = try attributes.byteStrings("nodes_modes") ?? []
        let trueIDs = try attributes.ints("nodes_truenodeids") ?? []
        let falseIDs = try attributes.ints("nodes_falsenodeids") ?? []
        let missingTracksTrue = try attributes.ints("nodes_missing_value_tracks_true") ?? []
        let values = try reals(attributes, "nodes_values")
        let count = treeIDs.count
        for (name, length) in [
            ("nodes_nodeids", nodeIDs.count), ("nodes_featureids", featureIDs.count), ("nodes_modes", modes.count),
            ("nodes_truenodeids", trueIDs.count), ("nodes_falsenodeids", falseIDs.count),
            ("nodes_values", values.count),
        ] where length != count {
            throw KServeError(.invalidInput, "\(name) has \(length) entries, nodes_treeids \(count)")
        }
        guard missingTracksTrue.count <= count else {
            throw KServeError(
                .invalidInput,
                "nodes_missing_value_tracks_true has \(missingTracksTrue.count) entries for \(count) nodes"
            )
        }

        var source = TreeSource()
        source.nodes.reserveCapacity(count)
        var positions: [Key: Int] = [:]
        positions.reserveCapacity(count)
        for index in 0..<count {
            let key = Key(tree: treeIDs[index], node: nodeIDs[index])
            guard positions[key] == nil else {
                throw KServeError(.invalidInput, "tree \(key.tree) node \(key.node) is defined twice")
            }
            positions[key] = index
            var node = TreeSource.Node()
            node.comparison = try TreeComparison.read(mode: modes[index])
            node.feature = featureIDs[index]
            node.threshold = values[index]
            node.nanGoesTrue = index < missingTracksTrue.count && missingTracksTrue[index] == 1
            node.tree = key.tree
            node.id = key.node
            source.nodes.append(node)
            if index == 0 || treeIDs[index - 1] != key.tree { source.roots.append(index) }
        }
        for index in 0..<count where source.nodes[index].comparison != nil {
            let tree = treeIDs[index]
            guard let trueChild = positions[Key(tree: tree, node: trueIDs[index])] else {
                throw KServeError(
                    .invalidInput,
                    "tree \(tree) node \(nodeIDs[index]): true child \(trueIDs[index]) does not exist"
                )
            }
            guard let falseChild = positions[Key(tree: tree, node: falseIDs[index])] else {
                throw KServeError(
                    .invalidInput,
                    "tree \(tree) node \(nodeIDs[index]): false child \(falseIDs[index]) does not exist"
                )
            }
            source.nodes[index].trueChild = trueChild
            source.nodes[index].falseChild = falseChild
        }

        let voteTrees = try attributes.ints("\(votePrefix)_treeids") ?? []
        let voteNodes = try attributes.ints("\(votePrefix)_nodeids") ?? []
        let voteTargets = try attributes.ints("\(votePrefix)_ids") ?? []
        let voteWeights = try reals(attributes, "\(votePrefix)_weights")
        for (name, length) in [
            ("\(votePrefix)_nodeids", voteNodes.count), ("\(votePrefix)_ids", voteTargets.count),
            ("\(votePrefix)_weights", voteWeights.count),
        ] where length != voteTrees.count {
            throw KServeError(.invalidInput, "\(name) has \(length) entries, \(votePrefix)_treeids \(voteTrees.count)")
        }
        for vote in voteTrees.indices {
            let key = Key(tree: voteTrees[vote], node: voteNodes[vote])
            guard let position = positions[key] else {
                throw KServeError(
                    .invalidInput,
                    "a leaf weight refers to tree \(key.tree) node \(key.node), which does not exist"
                )
            }
            // Weights on branch nodes are ignored, as onnxruntime does (old converters wrote some).
            guard source.nodes[position].comparison == nil else { continue }
            guard let target = Int(exactly: voteTargets[vote]) else {
                throw KServeError(.invalidInput, "\(votePrefix)_ids[\(vote)] = \(voteTargets[vote]) is out of range")
            }
            source.voteNodes.append(position)
            source.voteTargets.append(target)
            source.voteWeights.append(voteWeights[vote])
        }
        return source
    }

    /// `name` (FLOATS) or `name_as_tensor` (a float or double tensor), as doubles; empty when neither is given.
    static func reals(_ attributes: NodeAttributes, _ name: String) throws(KServeError) -> [Double] {
        let floats = try attributes.floats(name)
        let tensor = try attributes.tensor("\(name)_as_tensor")
        if let tensor {
            guard floats == nil else {
                throw KServeError(.invalidInput, "only one of \(name) and \(name)_as_tensor may be given")
            }
            guard tensor.elementType.isFloatingPoint, let values = tensor.doubles() else {
                throw KServeError(
                    .invalidInput,
                    "\(name)_as_tensor is a \(tensor.elementType) tensor, expected double or float"
                )
            }
            return values
        }
        return floats.map { $0.map(Double.init) } ?? []
    }

    /// The raw leaf-weight signs over the whole attribute (onnxruntime's test for its binary special cases).
    static func weightsAreAllPositive(_ attributes: NodeAttributes, votePrefix: String) throws(KServeError) -> Bool {
        try reals(attributes, "\(votePrefix)_weights").allSatisfy { !($0 < 0) }
    }
}

/// The features of a tree model's input: float and double rows as given; int32 and int64 converted to float, as
/// onnxruntime compares them with float thresholds.
enum TreeInput {
    case float([Float], rows: Int, columns: Int)
    case double([Double], rows: Int, columns: Int)

    static func read(_ tensor: Tensor, allowIntegers: Bool = true) throws(KServeError) -> TreeInput {
        let (rows, columns) = try FeatureMatrix.shape(of: tensor)
        switch tensor.storage {
        case .float(let values): return .float(values, rows: rows, columns: columns)
        case .double(let values): return .double(values, rows: rows, columns: columns)
        case .int64(let values) where allowIntegers:
            return .float(values.map { Float($0) }, rows: rows, columns: columns)
        case .int32(let values) where allowIntegers:
            return .float(values.map { Float($0) }, rows: rows, columns: columns)
        default:
            throw KServeError(
                .invalidInput,
                "input X is \(tensor.elementType), expected float or double\(allowIntegers ? ", int32 or int64" : "")"
            )
        }
    }

    var rows: Int {
        switch self {
        case .float(_, let rows, _), .double(_, let rows, _): return rows
        }
    }
}
