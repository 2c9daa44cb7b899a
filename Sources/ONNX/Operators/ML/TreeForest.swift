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

/// One node of a flattened forest, 24 bytes: a branch's threshold, feature and children, or a leaf's single-target
/// weight and vote range.
struct TreeNode: Sendable {
    /// A branch's threshold; a leaf's first vote weight (0 without votes), the value onnxruntime uses for one target.
    var threshold: Double
    /// A branch's feature.
    var feature: Int32
    /// A branch's true child; a leaf's first vote.
    var trueChild: Int32
    /// A branch's false child; a leaf's vote count.
    var falseChild: Int32
    /// The comparison's raw value, `TreeForest.leafFlag`, `nanGoesTrueFlag`, `truncatesFlag`.
    var flags: UInt8
}

/// A tree ensemble flattened for evaluation: one array of packed ``TreeNode``s, each tree a contiguous block in
/// depth-first order (true child first, so a walk mostly moves forward), children as absolute positions, and the
/// leaves' votes in `voteTargets/voteWeights`. Built once at load, read-only afterwards.
struct TreeForest: Sendable {
    static let leafFlag: UInt8 = 1 << 3
    static let nanGoesTrueFlag: UInt8 = 1 << 4
    /// A `.member` node that compares the feature truncated to int32 (see ``TreeSource/Node/members``).
    static let truncatesFlag: UInt8 = 1 << 5
    static let comparisonMask: UInt8 = 7

    let nodes: [TreeNode]
    /// `[2n]`, `[2n + 1]`: the range of a `.member` node's set in `memberValues` (empty when the ensemble has none).
    let memberRanges: [Int32]
    let memberValues: [Double]
    let roots: [Int32]
    let voteTargets: [Int32]
    let voteWeights: [Double]
    /// One more than the largest feature a branch reads: rows must have at least this many.
    let featureCount: Int
    let targetCount: Int
    /// The comparison every branch uses, when they share one (not `.member`): the walk then skips the dispatch.
    let uniformComparison: TreeComparison?

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

        let (order, position, roots) = try Self.depthFirstOrder(source)

        let count = order.count
        var nodes = [TreeNode](
            repeating: TreeNode(threshold: 0, feature: 0, trueChild: 0, falseChild: 0, flags: 0),
            count: count
        )
        var memberRanges: [Int32] = []
        var memberValues: [Double] = []
        var voteTargets: [Int32] = []
        var voteWeights: [Double] = []
        var largestFeature: Int64 = -1
        var comparisons: Set<TreeComparison> = []
        for (flat, original) in order.enumerated() {
            let node = source.nodes[original]
            guard let comparison = node.comparison else {
                let first = voteStarts[original]
                let votes = voteStarts[original + 1] - first
                nodes[flat] = TreeNode(
                    threshold: votes > 0 ? source.voteWeights[sortedVotes[first]] : 0,
                    feature: 0,
                    trueChild: Int32(voteTargets.count),
                    falseChild: Int32(votes),
                    flags: Self.leafFlag
                )
                for vote in sortedVotes[first..<(first + votes)] {
                    voteTargets.append(Int32(source.voteTargets[vote]))
                    voteWeights.append(source.voteWeights[vote])
                }
                continue
            }
            guard node.feature >= 0, node.feature < Int64(Int32.max) else {
                throw KServeError(.invalidInput, "\(source.name(original)) reads feature \(node.feature)")
            }
            largestFeature = Swift.max(largestFeature, node.feature)
            comparisons.insert(comparison)
            var flags = comparison.rawValue | (node.nanGoesTrue ? Self.nanGoesTrueFlag : 0)
            if comparison == .member {
                if Self.truncatesMembers(node.members) { flags |= Self.truncatesFlag }
                if memberRanges.isEmpty { memberRanges = [Int32](repeating: 0, count: 2 * count) }
                memberRanges[2 * flat] = Int32(memberValues.count)
                memberRanges[2 * flat + 1] = Int32(node.members.count)
                memberValues.append(contentsOf: node.members)
            }
            nodes[flat] = TreeNode(
                threshold: node.threshold,
                feature: Int32(node.feature),
                trueChild: position[node.trueChild],
                falseChild: position[node.falseChild],
                flags: flags
            )
        }
        self.nodes = nodes
        self.memberRanges = memberRanges
        self.memberValues = memberValues
        self.roots = roots
        self.voteTargets = voteTargets
        self.voteWeights = voteWeights
        self.featureCount = Int(largestFeature + 1)
        self.targetCount = targetCount
        self.uniformComparison = comparisons.count == 1 && comparisons.first != .member ? comparisons.first : nil
    }

    /// The nodes the roots reach, in depth-first order (true child first), with each node's new position and the
    /// roots' positions. State 1 marks the nodes on the current path, so meeting one again is a cycle.
    private static func depthFirstOrder(
        _ source: TreeSource
    ) throws(KServeError) -> (order: [Int], position: [Int32], roots: [Int32]) {
        let nodeCount = source.nodes.count
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
                            throw KServeError(.invalidInput, "\(source.name(top)) has a child that does not exist")
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
        return (order, position, roots)
    }

    /// Whether onnxruntime compares the truncated feature with this set (see ``TreeSource/Node/members``).
    static func truncatesMembers(_ members: [Double]) -> Bool {
        guard !members.allSatisfy({ $0 >= 0 && $0 < 31 }) else { return false }
        return members.allSatisfy { $0 == $0.rounded(.towardZero) && $0 >= -2_147_483_648 && $0 <= 2_147_483_647 }
    }

    /// Runs `body` with a walker over this forest's arrays (nil when the forest has no nodes).
    func withWalker<Result>(_ body: (TreeWalker) throws(KServeError) -> Result) throws(KServeError) -> Result? {
        try nodes.withUnsafeBufferPointer { nodes throws(KServeError) in
            try memberRanges.withUnsafeBufferPointer { memberRanges throws(KServeError) in
                try memberValues.withUnsafeBufferPointer { memberValues throws(KServeError) in
                    guard let base = nodes.baseAddress else { return nil }
                    let walker = TreeWalker(
                        nodes: base,
                        memberRanges: memberRanges.baseAddress,
                        memberValues: memberValues.baseAddress
                    )
                    return try body(walker)
                }
            }
        }
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

/// A branch test the walk is specialised for: one comparison for all nodes, or a dispatch on each node's.
protocol TreeBranchTest {
    static func goesTrue(_ value: Double, _ node: UnsafePointer<TreeNode>, _ walker: TreeWalker) -> Bool
}

/// The walk's branch tests, one type per comparison so that generic walks specialise.
enum TreeBranchTests {
    enum LessOrEqual: TreeBranchTest {
        @inline(__always)
        static func goesTrue(_ value: Double, _ node: UnsafePointer<TreeNode>, _: TreeWalker) -> Bool {
            value <= node.pointee.threshold
        }
    }

    enum Less: TreeBranchTest {
        @inline(__always)
        static func goesTrue(_ value: Double, _ node: UnsafePointer<TreeNode>, _: TreeWalker) -> Bool {
            value < node.pointee.threshold
        }
    }

    enum GreaterOrEqual: TreeBranchTest {
        @inline(__always)
        static func goesTrue(_ value: Double, _ node: UnsafePointer<TreeNode>, _: TreeWalker) -> Bool {
            value >= node.pointee.threshold
        }
    }

    enum Greater: TreeBranchTest {
        @inline(__always)
        static func goesTrue(_ value: Double, _ node: UnsafePointer<TreeNode>, _: TreeWalker) -> Bool {
            value > node.pointee.threshold
        }
    }

    /// Each node's own comparison (mixed modes, equality tests, set membership).
    enum Mixed: TreeBranchTest {
        @inline(__always)
        static func goesTrue(_ value: Double, _ node: UnsafePointer<TreeNode>, _ walker: TreeWalker) -> Bool {
            let flags = node.pointee.flags
            let threshold = node.pointee.threshold
            switch flags & TreeForest.comparisonMask {
            case 0: return value <= threshold
            case 1: return value < threshold
            case 2: return value >= threshold
            case 3: return value > threshold
            case 4: return value == threshold
            case 5: return value != threshold
            default: return walker.isMember(value, node: node, truncating: flags & TreeForest.truncatesFlag != 0)
            }
        }
    }
}

/// Walks rows down a ``TreeForest`` through pointers into its arrays (valid inside `withWalker`).
struct TreeWalker {
    let nodes: UnsafePointer<TreeNode>
    let memberRanges: UnsafePointer<Int32>?
    let memberValues: UnsafePointer<Double>?

    /// The leaf `row` reaches from `root`. The row must hold at least the forest's `featureCount` features.
    @inline(__always)
    func leaf<Feature: TreeFeature, Test: TreeBranchTest>(
        from root: Int32,
        row: UnsafePointer<Feature>,
        _: Test.Type
    ) -> UnsafePointer<TreeNode> {
        var node = nodes + Int(root)
        while true {
            let flags = node.pointee.flags
            if flags & TreeForest.leafFlag != 0 { return node }
            let value = row[Int(node.pointee.feature)].treeValue
            var goesTrue = Test.goesTrue(value, node, self)
            if !goesTrue, flags & TreeForest.nanGoesTrueFlag != 0, value.isNaN { goesTrue = true }
            node = nodes + Int(goesTrue ? node.pointee.trueChild : node.pointee.falseChild)
        }
    }

    @inline(__always)
    func isMember(_ value: Double, node: UnsafePointer<TreeNode>, truncating: Bool) -> Bool {
        guard let memberRanges, let memberValues else { return false }
        var key = value
        if truncating {
            key = value > -2_147_483_649 && value < 2_147_483_648 ? value.rounded(.towardZero) : -2_147_483_648
        }
        let index = node - nodes
        let start = Int(memberRanges[2 * index])
        let end = start + Int(memberRanges[2 * index + 1])
        for position in start..<end where memberValues[position] == key { return true }
        return false
    }
}
