import Core

/// Flattens the `trees` of an XGBoost JSON model into an `XGBoostForest`, checking every child and feature index,
/// the categorical sets and that each tree's nodes form a tree (no cycles, no shared nodes), so prediction can
/// neither read out of bounds nor loop.
struct XGBoostForestBuilder {
    let fields: XGBoostFields
    let featureCount: Int
    private(set) var forest = XGBoostForest()

    init(fields: XGBoostFields, featureCount: Int, groupCount: Int) {
        self.fields = fields
        self.featureCount = featureCount
        forest.groupCount = groupCount
    }

    /// Appends one tree (the JSON object at `path`) whose leaves add to output `group`.
    mutating func addTree(_ value: Value, at path: String, group: Int) throws(KServeError) {
        let tree = try fields.at(path, value).object()
        let parameters = try fields.at("\(path).tree_param", tree["tree_param"]).object()
        // Node indices are Int32 across the whole forest.
        let limit = Int(Int32.max) - forest.nodeCount
        guard limit >= 1 else { throw fields.failure(path, "the model has more than \(Int32.max) nodes") }
        let count = try fields.at("\(path).tree_param.num_nodes", parameters["num_nodes"]).integerParameter(
            in: 1...limit
        )
        if let leafVector = parameters["size_leaf_vector"] {
            let size = try fields.at("\(path).tree_param.size_leaf_vector", leafVector).integerParameter(
                in: 0...Int(Int32.max)
            )
            guard size <= 1 else {
                throw fields.unsupported(
                    "\(path).tree_param.size_leaf_vector",
                    "multi-target trees (leaf vectors of \(size)) are not supported"
                )
            }
        }
        let node = Int32(count - 1)
        let nodes = TreeArrays(
            left: try fields.at("\(path).left_children", tree["left_children"]).integers(count: count, in: -1...node),
            right: try fields.at("\(path).right_children", tree["right_children"]).integers(
                count: count,
                in: -1...node
            ),
            feature: try fields.at("\(path).split_indices", tree["split_indices"]).integers(
                count: count,
                in: 0...Int32.max
            ),
            condition: try fields.at("\(path).split_conditions", tree["split_conditions"]).floats(count: count),
            defaultLeft: try fields.at("\(path).default_left", tree["default_left"]).flags(count: count),
            categorical: try categoricalFlags(tree, at: path, count: count)
        )
        let sets = nodes.categorical.contains(true) ? try categorySets(tree, at: path, count: count) : [:]
        forest.treeRoot.append(Int32(forest.nodeCount))
        forest.treeGroup.append(Int32(group))
        try appendBreadthFirst(nodes, sets: sets, at: path)
    }

    mutating func setWeights(_ weights: [Float]) { forest.treeWeight = weights }

    private struct TreeArrays {
        let left: [Int32]
        let right: [Int32]
        let feature: [Int32]
        let condition: [Float]
        let defaultLeft: [Bool]
        let categorical: [Bool]
    }

    /// `split_type` per node (0 numeric, 1 categorical); absent in files older than categorical support.
    private func categoricalFlags(_ tree: ValueObject, at path: String, count: Int) throws(KServeError) -> [Bool] {
        guard let value = tree["split_type"] else { return [Bool](repeating: false, count: count) }
        return try fields.at("\(path).split_type", value).integers(count: count, in: 0...1).map { $0 == 1 }
    }

    /// The categories listed for each categorical node (`categories_nodes`, `categories_segments`,
    /// `categories_sizes`, `categories`), sorted and without repeats.
    private func categorySets(_ tree: ValueObject, at path: String, count: Int) throws(KServeError) -> [Int32: [Int32]]
    {
        let nodes = try fields.at("\(path).categories_nodes", tree["categories_nodes"]).integers(
            in: 0...Int32(count - 1)
        )
        let all = try fields.at("\(path).categories", tree["categories"]).integers(in: 0...Int32.max)
        let listed = nodes.count
        let categories = all.count
        let segments = try fields.at("\(path).categories_segments", tree["categories_segments"]).integers(
            count: listed,
            in: 0...Int32(clamping: categories)
        )
        let sizes = try fields.at("\(path).categories_sizes", tree["categories_sizes"]).integers(
            count: listed,
            in: 0...Int32(clamping: categories)
        )
        var sets: [Int32: [Int32]] = [:]
        for index in 0..<listed {
            let start = Int(segments[index])
            let end = start + Int(sizes[index])
            guard end <= categories else {
                throw fields.failure(
                    "\(path).categories_sizes[\(index)]",
                    "segment \(start)..<\(end) runs past the \(categories) categories"
                )
            }
            guard sets[nodes[index]] == nil else {
                throw fields.failure("\(path).categories_nodes[\(index)]", "node \(nodes[index]) is listed twice")
            }
            var set: [Int32] = []
            for category in all[start..<end].sorted() where set.last != category { set.append(category) }
            sets[nodes[index]] = set
        }
        return sets
    }

    /// Appends the tree's nodes in breadth-first order from the root, giving each split's children adjacent slots,
    /// and the tree's step count (see `XGBoostForest.treeSteps`). A node is taken at most once, so a cycle or a
    /// shared child is an error and the walk ends.
    private mutating func appendBreadthFirst(
        _ nodes: TreeArrays,
        sets: [Int32: [Int32]],
        at path: String
    ) throws(KServeError) {
        let base = forest.nodeCount
        var order: [Int32] = [0]
        // Depth of each node in `order`; breadth-first order makes the last one the tree's depth.
        var depth: [Int32] = [0]
        var lockStep = true
        var taken = [Bool](repeating: false, count: nodes.left.count)
        taken[0] = true
        var head = 0
        while head < order.count {
            let index = Int(order[head])
            let childDepth = depth[head] + 1
            head += 1
            let left = nodes.left[index]
            let right = nodes.right[index]
            if left == -1 && right == -1 {
                append(firstChild: -1, feature: 0, value: nodes.condition[index], rule: 0)
                continue
            }
            guard left >= 0 && right >= 0 else {
                throw fields.failure(
                    "\(path).\(left < 0 ? "left_children" : "right_children")[\(index)]",
                    "node \(index) has only one child"
                )
            }
            for (child, name) in [(left, "left_children"), (right, "right_children")] {
                guard !taken[Int(child)] else {
                    throw fields.failure(
                        "\(path).\(name)[\(index)]",
                        "node \(child) is reached twice: the nodes do not form a tree"
                    )
                }
                taken[Int(child)] = true
            }
            let feature = nodes.feature[index]
            guard Int(feature) < featureCount else {
                throw fields.failure(
                    "\(path).split_indices[\(index)]",
                    "feature \(feature) is out of range: the model has \(featureCount) features (num_feature)"
                )
            }
            var rule: Int32 = nodes.defaultLeft[index] ? 1 : 0
            var threshold = nodes.condition[index]
            if nodes.categorical[index] {
                guard let set = sets[Int32(index)] else {
                    throw fields.failure(
                        "\(path).categories_nodes",
                        "node \(index) is a categorical split but has no categories"
                    )
                }
                guard forest.categorySets.count + set.count < Int(Int32.max >> 2) else {
                    throw fields.failure("\(path).categories", "too many categories")
                }
                rule |= Int32(forest.categorySets.count + 1) << 1
                forest.categorySets.append(Int32(set.count))
                forest.categorySets.append(contentsOf: set)
                threshold = 0
                lockStep = false
            }
            if threshold.isNaN { lockStep = false }
            append(firstChild: Int32(base + order.count), feature: feature, value: threshold, rule: rule)
            order.append(left)
            order.append(right)
            depth.append(childDepth)
            depth.append(childDepth)
        }
        let steps = depth.last ?? 0
        forest.treeSteps.append(lockStep && XGBoostForest.lockStepDepths.contains(steps) ? steps : -1)
    }

    private mutating func append(firstChild: Int32, feature: Int32, value: Float, rule: Int32) {
        forest.firstChild.append(firstChild)
        forest.feature.append(feature)
        forest.value.append(value)
        forest.rule.append(rule)
    }
}
