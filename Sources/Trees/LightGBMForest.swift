import Core

/// All trees of a LightGBM model flattened into parallel arrays, evaluated over blocks of rows without recursion.
///
/// Node `n` (over all trees) packs its split feature and flags into `nodeInfo[n]` (`feature << 3 | flags`), has
/// its threshold in `threshold[n]` and its children in `children[2n]` (left) and `children[2n + 1]` (right). A
/// child `>= 0` is a node; a child `< 0` is the leaf `~child`, whose value is `leafValue[~child]`. A tree's root is
/// a node, or `~leaf` for a single-leaf tree.
struct LightGBMForest: Sendable {
    /// Bits of `nodeInfo` below the feature index.
    enum Flag {
        /// A categorical split: `threshold` holds the bitset's location (see `categoryLocation`).
        static let categorical: UInt32 = 1
        /// Where a missing value goes: for missing type NaN (and Zero) the default-left bit; for missing type
        /// None, whether `0 <= threshold` (LightGBM reads NaN as 0 there).
        static let missingLeft: UInt32 = 2
        /// Missing type Zero: NaN and 0 take the default direction.
        static let zeroMissing: UInt32 = 4
        static let bits: UInt32 = 3
    }

    /// The largest feature index that fits beside the flags.
    static let maximumFeatures = 1 << 28

    private(set) var roots: [Int32] = []
    private(set) var nodeInfo: [UInt32] = []
    private(set) var threshold: [Double] = []
    private(set) var children: [Int32] = []
    private(set) var leafValue: [Double] = []
    private(set) var categoryWords: [UInt32] = []
    /// Empty unless a tree is linear; then one flag per tree.
    private(set) var linearTree: [Bool] = []
    /// Linear models of every leaf (indexed like `leafValue`) when `linearTree` is not empty.
    private(set) var linearLeaves = LightGBMLinearLeaves(constant: [], offsets: [0], feature: [], coefficient: [])

    var treeCount: Int { roots.count }

    init(trees: [LightGBMTree], source: String) throws(KServeError) {
        let nodeTotal = trees.reduce(0) { $0 + $1.leafCount - 1 }
        let leafTotal = trees.reduce(0) { $0 + $1.leafCount }
        let wordTotal = trees.reduce(0) { $0 + $1.catThreshold.count }
        let linearTotal = trees.reduce(0) { $0 + ($1.linear?.feature.count ?? 0) }
        guard nodeTotal < Int(Int32.max) / 2, leafTotal < Int(Int32.max), wordTotal < Int(Int32.max),
            linearTotal < Int(Int32.max)
        else {
            throw KServeError(.invalidInput, "\(source): the model has too many nodes to load")
        }
        roots.reserveCapacity(trees.count)
        nodeInfo.reserveCapacity(nodeTotal)
        threshold.reserveCapacity(nodeTotal)
        children.reserveCapacity(2 * nodeTotal)
        leafValue.reserveCapacity(leafTotal)
        categoryWords.reserveCapacity(wordTotal)
        if trees.contains(where: { $0.linear != nil }) {
            linearTree = trees.map { $0.linear != nil }
            linearLeaves.constant.reserveCapacity(leafTotal)
            linearLeaves.offsets.reserveCapacity(leafTotal + 1)
        }
        for tree in trees { append(tree) }
    }

    private mutating func append(_ tree: LightGBMTree) {
        let nodeBase = Int32(nodeInfo.count)
        let leafBase = Int32(leafValue.count)
        let wordBase = categoryWords.count
        func global(_ child: Int32) -> Int32 { child >= 0 ? nodeBase + child : ~(leafBase + ~child) }

        roots.append(tree.leafCount > 1 ? nodeBase : ~leafBase)
        for node in 0..<(tree.leafCount - 1) {
            let type = tree.decisionType[node]
            var flags: UInt32 = 0
            var split = tree.threshold[node]
            if tree.hasCategorical && type & 1 != 0 {
                // The bitset words of this split, located among all trees' words.
                let set = Int(split)
                let start = wordBase + Int(tree.catBoundaries[set])
                let count = Int(tree.catBoundaries[set + 1] - tree.catBoundaries[set])
                flags = Flag.categorical
                split = Double(bitPattern: UInt64(start) << 32 | UInt64(count))
            } else {
                let defaultLeft = type & 2 != 0
                switch (type >> 2) & 3 {
                case 1: flags = Flag.zeroMissing | (defaultLeft ? Flag.missingLeft : 0)
                case 2: flags = defaultLeft ? Flag.missingLeft : 0
                default: flags = 0 <= split ? Flag.missingLeft : 0
                }
            }
            nodeInfo.append(UInt32(tree.splitFeature[node]) << Flag.bits | flags)
            threshold.append(split)
            children.append(global(tree.leftChild[node]))
            children.append(global(tree.rightChild[node]))
        }
        leafValue.append(contentsOf: tree.leafValue)
        categoryWords.append(contentsOf: tree.catThreshold)
        guard !linearTree.isEmpty else { return }
        let linear =
            tree.linear
            ?? LightGBMLinearLeaves(
                constant: tree.leafValue,
                offsets: [Int32](repeating: 0, count: tree.leafCount + 1),
                feature: [],
                coefficient: []
            )
        let featureBase = Int32(linearLeaves.feature.count)
        linearLeaves.constant.append(contentsOf: linear.constant)
        linearLeaves.offsets.append(contentsOf: linear.offsets.dropFirst().map { $0 + featureBase })
        linearLeaves.feature.append(contentsOf: linear.feature)
        linearLeaves.coefficient.append(contentsOf: linear.coefficient)
    }

    /// The first word and word count of a categorical split's bitset, as stored in its threshold.
    @inline(__always)
    static func categoryLocation(_ threshold: Double) -> (start: Int, count: Int) {
        let bits = threshold.bitPattern
        return (Int(truncatingIfNeeded: bits >> 32), Int(truncatingIfNeeded: bits & 0xFFFF_FFFF))
    }

    /// Bytes of the flattened arrays' elements. Counted from their lengths, not their capacities: a capacity
    /// depends on what the allocator handed out, so the same file would report different sizes from one load to
    /// the next, and the memory budget would treat equal models differently.
    var residentBytes: Int {
        roots.count * 4 + nodeInfo.count * 4 + threshold.count * 8 + children.count * 4
            + leafValue.count * 8 + categoryWords.count * 4 + linearTree.count
            + linearLeaves.constant.count * 8 + linearLeaves.offsets.count * 4
            + linearLeaves.feature.count * 4 + linearLeaves.coefficient.count * 8
    }

    /// Adds every tree's output to `raw` for `rowCount` rows of `width` values at `rows` (row-major, already
    /// cleaned as LightGBM's predictor does). `raw` has `groups` values per row; tree `t` adds to group
    /// `t % groups`, trees in file order, so each sum is formed in LightGBM's order.
    func accumulate(
        rows: UnsafePointer<Double>,
        rowCount: Int,
        width: Int,
        groups: Int,
        into raw: UnsafeMutablePointer<Double>
    ) {
        withNodes { nodes in
            for tree in 0..<roots.count {
                let group = tree % groups
                let root = roots[tree]
                if !linearTree.isEmpty && linearTree[tree] {
                    accumulateLinear(root: root, nodes: nodes, rows: rows, rowCount: rowCount, width: width) {
                        raw[$0 &* groups &+ group] += $1
                    }
                } else if root < 0 {
                    let value = nodes.leafValue[Int(~root)]
                    for row in 0..<rowCount { raw[row &* groups &+ group] += value }
                } else {
                    // Four rows walk the tree in lock-step: their loads and compares overlap instead of waiting
                    // on one row's mispredicted branch at a time.
                    var row = 0
                    while row &+ 4 <= rowCount {
                        let leaves = nodes.leaves4(root: root, first: rows + row &* width, width: width)
                        raw[row &* groups &+ group] += nodes.leafValue[leaves.0]
                        raw[(row &+ 1) &* groups &+ group] += nodes.leafValue[leaves.1]
                        raw[(row &+ 2) &* groups &+ group] += nodes.leafValue[leaves.2]
                        raw[(row &+ 3) &* groups &+ group] += nodes.leafValue[leaves.3]
                        row &+= 4
                    }
                    while row < rowCount {
                        let leaf = nodes.leaf(root: root, row: rows + row &* width)
                        raw[row &* groups &+ group] += nodes.leafValue[leaf]
                        row &+= 1
                    }
                }
            }
        }
    }

    /// A linear tree: the leaf's linear model, or its plain value when one of the model's features is NaN.
    private func accumulateLinear(
        root: Int32,
        nodes: LightGBMNodes,
        rows: UnsafePointer<Double>,
        rowCount: Int,
        width: Int,
        add: (Int, Double) -> Void
    ) {
        linearLeaves.offsets.withUnsafeBufferPointer { offsets in
            linearLeaves.feature.withUnsafeBufferPointer { features in
                linearLeaves.coefficient.withUnsafeBufferPointer { coefficients in
                    for row in 0..<rowCount {
                        let values = rows + row &* width
                        let leaf = root < 0 ? Int(~root) : nodes.leaf(root: root, row: values)
                        var output = linearLeaves.constant[leaf]
                        var sawNaN = false
                        for index in Int(offsets[leaf])..<Int(offsets[leaf + 1]) {
                            let x = values[Int(features[index])]
                            if x.isNaN {
                                sawNaN = true
                                break
                            }
                            output += coefficients[index] * x
                        }
                        add(row, sawNaN ? nodes.leafValue[leaf] : output)
                    }
                }
            }
        }
    }

    private func withNodes<R>(_ body: (LightGBMNodes) -> R) -> R {
        nodeInfo.withUnsafeBufferPointer { info in
            threshold.withUnsafeBufferPointer { threshold in
                children.withUnsafeBufferPointer { children in
                    leafValue.withUnsafeBufferPointer { leafValue in
                        categoryWords.withUnsafeBufferPointer { words in
                            body(
                                LightGBMNodes(
                                    info: info,
                                    threshold: threshold,
                                    children: children,
                                    leafValue: leafValue,
                                    categoryWords: words
                                )
                            )
                        }
                    }
                }
            }
        }
    }
}

/// Views of the flattened arrays for one evaluation pass. Indices were checked when the model was loaded.
struct LightGBMNodes {
    let info: UnsafeBufferPointer<UInt32>
    let threshold: UnsafeBufferPointer<Double>
    let children: UnsafeBufferPointer<Int32>
    let leafValue: UnsafeBufferPointer<Double>
    let categoryWords: UnsafeBufferPointer<UInt32>

    /// The leaf a row reaches from `root` (a node index), following LightGBM's `Tree::Decision` on the row.
    @inline(__always)
    func leaf(root: Int32, row: UnsafePointer<Double>) -> Int {
        var node = Int(root)
        while node >= 0 { node = child(of: node, row: row) }
        return ~node
    }

    /// The leaves four consecutive rows (`width` values apart from `first`) reach from `root`. A row that has
    /// reached its leaf stays there (a select, not a branch) while the others go on.
    @inline(__always)
    func leaves4(root: Int32, first: UnsafePointer<Double>, width: Int) -> (Int, Int, Int, Int) {
        let row1 = first + width
        let row2 = row1 + width
        let row3 = row2 + width
        var n0 = Int(root)
        var n1 = n0
        var n2 = n0
        var n3 = n0
        // The AND is negative only once every row holds a leaf (`~leaf < 0`).
        while n0 & n1 & n2 & n3 >= 0 {
            let c0 = child(of: Swift.max(n0, 0), row: first)
            let c1 = child(of: Swift.max(n1, 0), row: row1)
            let c2 = child(of: Swift.max(n2, 0), row: row2)
            let c3 = child(of: Swift.max(n3, 0), row: row3)
            n0 = n0 >= 0 ? c0 : n0
            n1 = n1 >= 0 ? c1 : n1
            n2 = n2 >= 0 ? c2 : n2
            n3 = n3 >= 0 ? c3 : n3
        }
        return (~n0, ~n1, ~n2, ~n3)
    }

    /// One step of LightGBM's `Tree::Decision`: the child of `node` the row goes to.
    @inline(__always)
    func child(of node: Int, row: UnsafePointer<Double>) -> Int {
        typealias Flag = LightGBMForest.Flag
        let info = self.info[node]
        let x = row[Int(info >> Flag.bits)]
        let split = threshold[node]
        let goLeft: Bool
        if info & (Flag.categorical | Flag.zeroMissing) == 0 {
            // Without short-circuit: `x <= split` is false for NaN, which then goes where missingLeft says.
            let nanLeft = UInt32(truncatingIfNeeded: (x != x) ? 1 : 0) & (info >> 1)
            let left = UInt32(truncatingIfNeeded: x <= split ? 1 : 0) | nanLeft
            return Int(children[node &* 2 &+ Int(1 &- (left & 1))])
        } else if info & Flag.categorical != 0 {
            goLeft = categoryGoesLeft(x, split)
        } else {
            goLeft = x.isNaN || x == 0 ? info & Flag.missingLeft != 0 : x <= split
        }
        return Int(children[node &* 2 &+ (goLeft ? 0 : 1)])
    }

    /// NaN, negative categories and values beyond `Int32` go right; otherwise the category (truncated toward
    /// zero, as a C++ cast does) goes left when its bit is set in the split's bitset.
    @inline(__always)
    func categoryGoesLeft(_ x: Double, _ split: Double) -> Bool {
        guard x > -1.0 && x < 2_147_483_648.0 else { return false }
        let category = Int(x)
        let (start, count) = LightGBMForest.categoryLocation(split)
        let word = category >> 5
        guard word < count else { return false }
        return (categoryWords[start &+ word] >> UInt32(category & 31)) & 1 != 0
    }
}
