import Core

/// One `Tree=` block of a LightGBM text model, checked: arrays of the declared lengths, feature and child
/// indices in range, and children that form one tree rooted at node 0 (so a walk always ends at a leaf).
struct LightGBMTree {
    var leafCount: Int
    /// Per internal node (leafCount - 1 of them).
    var splitFeature: [Int32] = []
    var threshold: [Double] = []
    var decisionType: [UInt8] = []
    var leftChild: [Int32] = []
    var rightChild: [Int32] = []
    /// Per leaf.
    var leafValue: [Double] = []
    /// Categorical splits: node `threshold` picks `i`, whose bitset is `catThreshold[catBoundaries[i]..<[i+1]]`.
    var catBoundaries: [Int32] = []
    var catThreshold: [UInt32] = []
    /// Whether the tree had categorical splits (`num_cat > 0`); LightGBM reads splits as numeric otherwise.
    var hasCategorical = false
    var linear: LightGBMLinearLeaves?
}

/// The linear models of a tree trained with `linear_tree`: leaf `l` outputs
/// `constant[l] + sum(coefficient[i] * x[feature[i]])` over `i` in `offsets[l]..<offsets[l+1]`.
struct LightGBMLinearLeaves {
    var constant: [Double]
    var offsets: [Int32]
    var feature: [Int32]
    var coefficient: [Double]
}

/// The keys of a tree block that prediction uses (others, like `split_gain` or `leaf_count`, are skipped).
private enum LightGBMTreeKey: String {
    case numLeaves = "num_leaves"
    case numCat = "num_cat"
    case splitFeature = "split_feature"
    case threshold
    case decisionType = "decision_type"
    case leftChild = "left_child"
    case rightChild = "right_child"
    case leafValue = "leaf_value"
    case catBoundaries = "cat_boundaries"
    case catThreshold = "cat_threshold"
    case isLinear = "is_linear"
    case leafConst = "leaf_const"
    case numFeatures = "num_features"
    case leafFeatures = "leaf_features"
    case leafCoeff = "leaf_coeff"
}

/// The largest `num_leaves` accepted; LightGBM itself caps it at 131072.
private let maximumLeaves = 1 << 24

extension LightGBMTree {
    /// Reads the lines of tree `index` after its `Tree=` line, up to a blank line, the next `Tree=` or
    /// `end of trees`. `featureCount` bounds the split features.
    static func read(
        index: Int,
        header: LightGBMSpan,
        from text: inout LightGBMText,
        featureCount: Int
    ) throws(KServeError) -> LightGBMTree {
        var fields: [LightGBMTreeKey: LightGBMSpan] = [:]
        while let line = text.nextLine() {
            if line.isEmpty { break }
            if text.hasPrefix(line, "Tree=") || text.equals(line, "end of trees") {
                text.unread(line)
                break
            }
            let (key, value) = text.keyValue(line)
            if let known = LightGBMTreeKey(rawValue: text.string(key)) { fields[known] = value }
        }
        let reader = LightGBMTreeReader(text: text, index: index, header: header, fields: fields)
        return try reader.tree(featureCount: featureCount)
    }
}

/// Parses the fields of one tree block and checks them against each other.
private struct LightGBMTreeReader {
    let text: LightGBMText
    let index: Int
    let header: LightGBMSpan
    let fields: [LightGBMTreeKey: LightGBMSpan]

    func field(_ key: LightGBMTreeKey) -> LightGBMSpan? { fields[key] }

    func error(_ key: LightGBMTreeKey?, _ message: String) -> KServeError {
        let line = key.flatMap { field($0)?.line } ?? header.line
        let name = key.map { ": `\($0.rawValue)`" } ?? ""
        return text.error(line, "tree \(index)\(name): \(message)")
    }

    func required(_ key: LightGBMTreeKey) throws(KServeError) -> LightGBMSpan {
        guard let span = field(key) else { throw error(nil, "missing field `\(key.rawValue)`") }
        return span
    }

    func integer(_ key: LightGBMTreeKey) throws(KServeError) -> Int {
        let span = try required(key)
        guard let value = text.int32(span) else {
            throw error(key, "expected an integer, found `\(text.string(span).prefix(40))`")
        }
        return Int(value)
    }

    /// Parses every token of `key` with `parse`, requiring exactly `count` of them.
    func values<T>(
        _ key: LightGBMTreeKey,
        count: Int,
        kind: String,
        _ parse: (LightGBMSpan) -> T?
    ) throws(KServeError) -> [T] {
        guard count > 0 else {
            // LightGBM writes `split_feature=` (or omits linear fields) for single-leaf trees.
            if let span = field(key) {
                try text.forEachToken(in: span) { _ throws(KServeError) in throw error(key, "expected no values") }
            }
            return []
        }
        let span = try required(key)
        var result: [T] = []
        result.reserveCapacity(min(count, (span.end - span.start) / 2 + 1))
        try text.forEachToken(in: span) { token throws(KServeError) in
            guard result.count < count else {
                throw error(key, "has more than the \(count) values that `num_leaves` implies")
            }
            guard let value = parse(token) else {
                throw error(key, "value \(result.count) is not \(kind): `\(text.string(token).prefix(40))`")
            }
            result.append(value)
        }
        guard result.count == count else {
            throw error(key, "has \(result.count) values, expected \(count) from `num_leaves`/`num_cat`")
        }
        return result
    }

    func int32s(_ key: LightGBMTreeKey, count: Int) throws(KServeError) -> [Int32] {
        let text = self.text
        return try values(key, count: count, kind: "an integer") { text.int32($0) }
    }

    func doubles(_ key: LightGBMTreeKey, count: Int) throws(KServeError) -> [Double] {
        let text = self.text
        return try values(key, count: count, kind: "a number") { text.double($0) }
    }

    func tree(featureCount: Int) throws(KServeError) -> LightGBMTree {
        let leafCount = try integer(.numLeaves)
        guard leafCount >= 1 && leafCount <= maximumLeaves else {
            throw error(.numLeaves, "\(leafCount) is out of range 1...\(maximumLeaves)")
        }
        let categoryCount = try integer(.numCat)
        guard categoryCount >= 0 && categoryCount < leafCount else {
            throw error(.numCat, "\(categoryCount) is out of range 0..<\(leafCount)")
        }
        var tree = LightGBMTree(leafCount: leafCount)
        tree.leafValue = try doubles(.leafValue, count: leafCount)
        let isLinear = field(.isLinear) != nil ? try integer(.isLinear) != 0 : false
        if leafCount == 1 && !isLinear { return tree }

        let nodeCount = leafCount - 1
        tree.splitFeature = try int32s(.splitFeature, count: nodeCount)
        if let bad = tree.splitFeature.firstIndex(where: { $0 < 0 || Int($0) >= featureCount }) {
            throw error(
                .splitFeature,
                "node \(bad) splits on feature \(tree.splitFeature[bad]), the model has \(featureCount)"
            )
        }
        tree.threshold = try doubles(.threshold, count: nodeCount)
        tree.decisionType = try decisionTypes(count: nodeCount)
        tree.leftChild = try int32s(.leftChild, count: nodeCount)
        tree.rightChild = try int32s(.rightChild, count: nodeCount)
        if nodeCount > 0 { try checkStructure(tree) }
        if categoryCount > 0 { try readCategories(into: &tree, categoryCount: categoryCount) }
        if isLinear { tree.linear = try linearLeaves(leafCount: leafCount, featureCount: featureCount) }
        return tree
    }

    /// Decision types: bit 0 categorical, bit 1 default left, bits 2-3 the missing type (0 None, 1 Zero, 2 NaN).
    func decisionTypes(count: Int) throws(KServeError) -> [UInt8] {
        guard field(.decisionType) != nil else { return [UInt8](repeating: 0, count: count) }
        let types = try int32s(.decisionType, count: count)
        if let bad = types.firstIndex(where: { $0 < 0 || $0 > 11 || ($0 >> 2) & 3 == 3 }) {
            throw error(.decisionType, "node \(bad) has unknown decision type \(types[bad])")
        }
        return types.map { UInt8($0) }
    }

    /// Every child index in range, node 0 the root, every other node and every leaf the child of exactly one
    /// node, and all of them reachable from the root: then walking from the root always ends at a leaf.
    func checkStructure(_ tree: LightGBMTree) throws(KServeError) {
        let nodeCount = tree.leafCount - 1
        var parents = [UInt8](repeating: 0, count: nodeCount + tree.leafCount)
        func claim(_ child: Int32, of node: Int, _ key: LightGBMTreeKey) throws(KServeError) {
            let slot: Int
            if child >= 0 {
                guard Int(child) < nodeCount, child != 0 else {
                    throw error(key, "node \(node) points to node \(child), valid are 1..<\(nodeCount)")
                }
                slot = Int(child)
            } else {
                guard Int(~child) < tree.leafCount else {
                    throw error(key, "node \(node) points to leaf \(~child), the tree has \(tree.leafCount)")
                }
                slot = nodeCount + Int(~child)
            }
            guard parents[slot] == 0 else {
                throw error(key, "\(child >= 0 ? "node \(child)" : "leaf \(~child)") has more than one parent")
            }
            parents[slot] = 1
        }
        for node in 0..<nodeCount {
            try claim(tree.leftChild[node], of: node, .leftChild)
            try claim(tree.rightChild[node], of: node, .rightChild)
        }
        // With one parent each, a walk from the root cannot revisit a node; count what it reaches.
        var stack: [Int32] = [0]
        var reached = 0
        while let node = stack.popLast() {
            reached += 1
            if tree.leftChild[Int(node)] >= 0 { stack.append(tree.leftChild[Int(node)]) }
            if tree.rightChild[Int(node)] >= 0 { stack.append(tree.rightChild[Int(node)]) }
        }
        guard reached == nodeCount else {
            throw error(.leftChild, "\(nodeCount - reached) nodes are not reachable from the root (a cycle?)")
        }
    }

    func readCategories(into tree: inout LightGBMTree, categoryCount: Int) throws(KServeError) {
        tree.hasCategorical = true
        tree.catBoundaries = try int32s(.catBoundaries, count: categoryCount + 1)
        for position in 0..<categoryCount {
            let (low, high) = (tree.catBoundaries[position], tree.catBoundaries[position + 1])
            guard low >= 0, low <= high else {
                throw error(.catBoundaries, "boundaries must rise from 0, found \(low) then \(high)")
            }
        }
        let wordCount = Int(tree.catBoundaries[categoryCount])
        let text = self.text
        tree.catThreshold = try values(.catThreshold, count: wordCount, kind: "a 32-bit word") { text.uint32($0) }
        for node in 0..<tree.leafCount - 1 where tree.decisionType[node] & 1 != 0 {
            let threshold = tree.threshold[node]
            guard threshold >= 0, threshold < Double(categoryCount) else {
                throw error(
                    .threshold,
                    "categorical node \(node) selects bitset \(threshold), the tree has \(categoryCount)"
                )
            }
        }
    }

    func linearLeaves(leafCount: Int, featureCount: Int) throws(KServeError) -> LightGBMLinearLeaves {
        // As LightGBM: a missing `leaf_const` means zeros and missing `num_features` means no coefficients.
        let constant =
            field(.leafConst) != nil
            ? try doubles(.leafConst, count: leafCount) : [Double](repeating: 0, count: leafCount)
        var offsets = [Int32](repeating: 0, count: leafCount + 1)
        guard field(.numFeatures) != nil else {
            return LightGBMLinearLeaves(constant: constant, offsets: offsets, feature: [], coefficient: [])
        }
        let counts = try int32s(.numFeatures, count: leafCount)
        var total = 0
        for (leaf, count) in counts.enumerated() {
            guard count >= 0, total + Int(count) <= Int(Int32.max) else {
                throw error(.numFeatures, "leaf \(leaf) has \(count) features")
            }
            total += Int(count)
            offsets[leaf + 1] = Int32(total)
        }
        let features = try int32s(.leafFeatures, count: total)
        if let bad = features.firstIndex(where: { $0 < 0 || Int($0) >= featureCount }) {
            throw error(.leafFeatures, "entry \(bad) is feature \(features[bad]), the model has \(featureCount)")
        }
        let coefficients = try doubles(.leafCoeff, count: total)
        return LightGBMLinearLeaves(constant: constant, offsets: offsets, feature: features, coefficient: coefficients)
    }
}
