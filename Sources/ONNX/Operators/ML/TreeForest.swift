import Core

/// How a branch node compares its feature `x` with its threshold `t`; the true branch is taken when it holds.
enum TreeComparison: UInt8, Sendable {
    case lessOrEqual = 0
    case less = 1
    case greaterOrEqual = 2
    case greater = 3
    case equal = 4
    case notEqual = 5
    /// `x` is one of the node's set of values (TreeEnsemble, ml opset 5).
    case member = 6

    /// The ml opset 1/3 spelling (`nodes_modes` strings); nil for LEAF.
    static func read(mode: [UInt8]) throws(KServeError) -> TreeComparison? {
        switch String(decoding: mode, as: UTF8.self) {
        case "BRANCH_LEQ": return .lessOrEqual
        case "BRANCH_LT": return .less
        case "BRANCH_GTE": return .greaterOrEqual
        case "BRANCH_GT": return .greater
        case "BRANCH_EQ": return .equal
        case "BRANCH_NEQ": return .notEqual
        case "LEAF": return nil
        case let other:
            throw KServeError(
                .invalidInput,
                "node mode \"\(other)\" is not one of BRANCH_LEQ, BRANCH_LT, BRANCH_GTE, BRANCH_GT, BRANCH_EQ,"
                    + " BRANCH_NEQ, LEAF"
            )
        }
    }
}

/// A tree ensemble as the model file describes it, before flattening: nodes by position, each a branch (comparison,
/// feature, threshold, children by position) or a leaf with its votes.
struct TreeSource {
    struct Node {
        /// Nil for a leaf.
        var comparison: TreeComparison?
        var feature: Int64 = 0
        var threshold: Double = 0
        var nanGoesTrue = false
        var trueChild = 0
        var falseChild = 0
        /// The set of a `.member` node. onnxruntime tests a set of values all in `[0, 31)` by equality, and any
        /// other set (which must then hold integers) against the feature truncated to int32 (a NaN or out-of-range
        /// feature becoming `Int32.min`, as x86 converts it); sets onnxruntime refuses are tested by equality.
        var members: [Double] = []
        /// A human name for messages: "tree 3 node 17".
        var tree: Int64 = 0
        var id: Int64 = 0
    }

    var nodes: [Node] = []
    /// Leaf votes: node position, target (class) and weight, in the model's order.
    var voteNodes: [Int] = []
    var voteTargets: [Int] = []
    var voteWeights: [Double] = []
    /// Each tree's root by node position, in tree order.
    var roots: [Int] = []
    /// Whether `id` numbers nodes within trees ("tree T node N") or across the ensemble ("node N").
    var idsAreTreeLocal = true

    func name(_ position: Int) -> String {
        let node = nodes[position]
        return idsAreTreeLocal ? "tree \(node.tree) node \(node.id)" : "node \(node.id)"
    }
}

/// A tree ensemble flattened for evaluation: struct-of-arrays over all nodes, each tree a contiguous block in
/// depth-first order (true child first), children as absolute positions. Built once at load, read-only afterwards.
///
/// A leaf's votes are `voteTargets/voteWeights[first ..< first + count]` with `first, count` in its `children` slots,
/// and its `thresholds` slot holds its first vote's weight (0 without votes): the single-target value onnxruntime uses.
struct TreeForest: Sendable {
    static let leafFlag: UInt8 = 1 << 3
    static let nanGoesTrueFlag: UInt8 = 1 << 4
    /// A `.member` node that compares the feature truncated to int32 (see ``TreeSource/Node/members``).
    static let truncatesFlag: UInt8 = 1 << 5
    static let comparisonMask: UInt8 = 7

    /// Per node: the comparison's raw value, `leafFlag`, `nanGoesTrueFlag`.
    let flags: [UInt8]
    let features: [Int32]
    let thresholds: [Double]
    /// `[2n]` the true child, `[2n + 1]` the false child; for a leaf the first vote and the vote count.
    let children: [Int32]
    /// `[2n]`, `[2n + 1]`: the range of a `.member` node's set in `memberValues` (empty when the ensemble has none).
    let memberRanges: [Int32]
    let memberValues: [Double]
    let roots: [Int32]
    let voteTargets: [Int32]
    let voteWeights: [Double]
    /// One more than the largest feature a branch reads: rows must have at least this many.
    let featureCount: Int
    let targetCount: Int

    var treeCount: Int { roots.count }

    /// Flattens `source`, keeping only the nodes its roots reach, and checks it: children and votes must refer to
    /// nodes that exist, no node may be reachable from itself, features must be non-negative and vote targets in
    /// `0..<targetCount`.
    init(_ source: TreeSource, targetCount: Int) throws(KServeError) {
        let nodeCount = source.nodes.count
        guard nodeCount < Int(Int32.max) / 2, source.voteNodes.count < Int(Int32.max) else {
            throw KServeError(.invalidInput, "the ensemble has too many nodes or leaf weights")
        }
        // Votes grouped by node, in model order within a node.
        var voteCounts = [Int](repeating: 0, count: nodeCount)
        for (vote, node) in source.voteNodes.enumerated() {
            guard node >= 0, node < nodeCount else {
                throw KServeError(.invalidInput, "leaf weight \(vote) refers to a node that does not exist")
            }
            let target = source.voteTargets[vote]
            guard target >= 0, target < targetCount else {
                throw KServeError(
                    .invalidInput,
                    "leaf weight \(vote) (\(source.name(node))) is for target or class \(target),"
                        + " outside 0..<\(targetCount)"
                )
            }
            voteCounts[node] += 1
        }
        var voteStarts = [Int](repeating: 0, count: nodeCount + 1)
        for node in 0..<nodeCount { voteStarts[node + 1] = voteStarts[node] + voteCounts[node] }
        var sortedVotes = [Int](repeating: 0, count: source.voteNodes.count)
        var fill = voteStarts
        for (vote, node) in source.voteNodes.enumerated() {
            sortedVotes[fill[node]] = vote
            fill[node] += 1
        }

        // Depth-first relabelling; state 1 marks the nodes on the current path, so meeting one again is a cycle.
        var position = [Int32](repeating: -1, count: nodeCount)
        var state = [UInt8](repeating: 0, count: nodeCount)
        var order: [Int] = []
        var roots: [Int32] = []
        var stack: [Int] = []
        for root in source.roots {
            guard root >= 0, root < nodeCount else {
                throw KServeError(.invalidInput, "a tree root refers to a node that does not exist")
            }
            if state[root] == 0 { stack.append(root) }
            while let top = stack.last {
                switch state[top] {
                case 0:
                    state[top] = 1
                    position[top] = Int32(order.count)
                    order.append(top)
                    let node = source.nodes[top]
                    guard node.comparison != nil else {
                        state[top] = 2
                        stack.removeLast()
                        continue
                    }
                    // The false child first, so that the true child is next in depth-first order.
                    for side in 0..<2 {
                        let child = side == 0 ? node.falseChild : node.trueChild
                        guard child >= 0, child < nodeCount else {
                            throw KServeError(
                                .invalidInput,
                                "\(source.name(top)) has a child that does not exist"
                            )
                        }
                        if state[child] == 1 {
                            throw KServeError(
                                .invalidInput,
                                "\(source.name(child)) is reachable from itself (the tree has a cycle)"
                            )
                        }
                        if state[child] == 0 { stack.append(child) }
                    }
                case 1:
                    state[top] = 2
                    stack.removeLast()
                default:
                    stack.removeLast()
                }
            }
            roots.append(position[root])
        }

        let count = order.count
        var flags = [UInt8](repeating: 0, count: count)
        var features = [Int32](repeating: 0, count: count)
        var thresholds = [Double](repeating: 0, count: count)
        var children = [Int32](repeating: 0, count: 2 * count)
        var memberRanges: [Int32] = []
        var memberValues: [Double] = []
        var voteTargets: [Int32] = []
        var voteWeights: [Double] = []
        var largestFeature: Int64 = -1
        for (flat, original) in order.enumerated() {
            let node = source.nodes[original]
            guard let comparison = node.comparison else {
                flags[flat] = Self.leafFlag
                let first = voteStarts[original]
                let votes = voteStarts[original + 1] - first
                children[2 * flat] = Int32(voteTargets.count)
                children[2 * flat + 1] = Int32(votes)
                for vote in sortedVotes[first..<(first + votes)] {
                    voteTargets.append(Int32(source.voteTargets[vote]))
                    voteWeights.append(source.voteWeights[vote])
                }
                thresholds[flat] = votes > 0 ? source.voteWeights[sortedVotes[first]] : 0
                continue
            }
            guard node.feature >= 0, node.feature < Int64(Int32.max) else {
                throw KServeError(.invalidInput, "\(source.name(original)) reads feature \(node.feature)")
            }
            largestFeature = Swift.max(largestFeature, node.feature)
            flags[flat] = comparison.rawValue | (node.nanGoesTrue ? Self.nanGoesTrueFlag : 0)
            features[flat] = Int32(node.feature)
            thresholds[flat] = node.threshold
            children[2 * flat] = position[node.trueChild]
            children[2 * flat + 1] = position[node.falseChild]
            if comparison == .member {
                if Self.truncatesMembers(node.members) { flags[flat] |= Self.truncatesFlag }
                if memberRanges.isEmpty { memberRanges = [Int32](repeating: 0, count: 2 * count) }
                memberRanges[2 * flat] = Int32(memberValues.count)
                memberRanges[2 * flat + 1] = Int32(node.members.count)
                memberValues.append(contentsOf: node.members)
            }
        }
        self.flags = flags
        self.features = features
        self.thresholds = thresholds
        self.children = children
        self.memberRanges = memberRanges
        self.memberValues = memberValues
        self.roots = roots
        self.voteTargets = voteTargets
        self.voteWeights = voteWeights
        self.featureCount = Int(largestFeature + 1)
        self.targetCount = targetCount
    }

    /// Whether onnxruntime compares the truncated feature with this set (see ``TreeSource/Node/members``).
    static func truncatesMembers(_ members: [Double]) -> Bool {
        guard !members.allSatisfy({ $0 >= 0 && $0 < 31 }) else { return false }
        return members.allSatisfy { $0 == $0.rounded(.towardZero) && $0 >= -2_147_483_648 && $0 <= 2_147_483_647 }
    }

    /// Runs `body` with a walker over this forest's arrays.
    func withWalker<Result>(_ body: (TreeWalker) throws(KServeError) -> Result) throws(KServeError) -> Result {
        let result: Result? = try flags.withUnsafeBufferPointer { flags throws(KServeError) in
            try features.withUnsafeBufferPointer { features throws(KServeError) in
                try thresholds.withUnsafeBufferPointer { thresholds throws(KServeError) in
                    try children.withUnsafeBufferPointer { children throws(KServeError) in
                        try memberRanges.withUnsafeBufferPointer { memberRanges throws(KServeError) in
                            try memberValues.withUnsafeBufferPointer { memberValues throws(KServeError) in
                                guard let flags = flags.baseAddress, let features = features.baseAddress,
                                    let thresholds = thresholds.baseAddress, let children = children.baseAddress
                                else { return nil }
                                let walker = TreeWalker(
                                    flags: flags,
                                    features: features,
                                    thresholds: thresholds,
                                    children: children,
                                    memberRanges: memberRanges.baseAddress,
                                    memberValues: memberValues.baseAddress
                                )
                                return try body(walker)
                            }
                        }
                    }
                }
            }
        }
        guard let result else { throw KServeError(.invalidInput, "the ensemble has no nodes") }
        return result
    }
}

/// An element type trees read features from; compared in double (exact for float features and thresholds).
protocol TreeFeature: Sendable {
    var treeValue: Double { get }
}

extension Float: TreeFeature {
    @inline(__always) var treeValue: Double { Double(self) }
}

extension Double: TreeFeature {
    @inline(__always) var treeValue: Double { self }
}

/// Walks rows down a ``TreeForest`` through pointers into its arrays (valid inside `withWalker`).
struct TreeWalker {
    let flags: UnsafePointer<UInt8>
    let features: UnsafePointer<Int32>
    let thresholds: UnsafePointer<Double>
    let children: UnsafePointer<Int32>
    let memberRanges: UnsafePointer<Int32>?
    let memberValues: UnsafePointer<Double>?

    /// The leaf `row` reaches from `root`. The row must hold at least the forest's `featureCount` features.
    @inline(__always)
    func leaf<Feature: TreeFeature>(from root: Int32, row: UnsafePointer<Feature>) -> Int {
        var node = Int(root)
        while true {
            let flag = flags[node]
            if flag & TreeForest.leafFlag != 0 { return node }
            let value = row[Int(features[node])].treeValue
            let threshold = thresholds[node]
            var goesTrue: Bool
            switch flag & TreeForest.comparisonMask {
            case 0: goesTrue = value <= threshold
            case 1: goesTrue = value < threshold
            case 2: goesTrue = value >= threshold
            case 3: goesTrue = value > threshold
            case 4: goesTrue = value == threshold
            case 5: goesTrue = value != threshold
            default: goesTrue = isMember(value, node: node, truncating: flag & TreeForest.truncatesFlag != 0)
            }
            if !goesTrue, flag & TreeForest.nanGoesTrueFlag != 0, value.isNaN { goesTrue = true }
            node = Int(children[2 &* node &+ (goesTrue ? 0 : 1)])
        }
    }

    @inline(__always)
    private func isMember(_ value: Double, node: Int, truncating: Bool) -> Bool {
        guard let memberRanges, let memberValues else { return false }
        var key = value
        if truncating {
            key = value > -2_147_483_649 && value < 2_147_483_648 ? value.rounded(.towardZero) : -2_147_483_648
        }
        let start = Int(memberRanges[2 * node])
        let end = start + Int(memberRanges[2 * node + 1])
        for index in start..<end where memberValues[index] == key { return true }
        return false
    }
}
