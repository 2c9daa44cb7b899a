import Core

/// A LightGBM model read from its text model file (`Booster.save_model`), evaluated natively.
///
/// `predict` returns what `Booster.predict(rows)` returns by default, bit for bit: probabilities for binary (one
/// per row), class probabilities for multiclass and multiclassova (`num_class` per row), values for regressors.
/// Trees are summed in float64 in file order with LightGBM's split rules (`x <= threshold`, missing types None,
/// Zero and NaN, categorical bitsets, linear leaves), then averaged for random forests and converted by the
/// objective with the platform libm.
package struct LightGBMModel: TreeModel {
    package let framework = "lightgbm"
    package let featureCount: Int
    package let featureNames: [String]?
    package let task: TreeTask
    package let outputsPerRow: Int
    package let residentBytes: Int
    /// The objective named in the file (`binary`, `multiclass`, `regression`, ...), or nil when it has none.
    package let objectiveName: String?
    package let treeCount: Int

    let forest: LightGBMForest
    let objective: LightGBMObjective
    let averageOutput: Bool
    let iterationCount: Int

    /// Rows evaluated together: each tree's nodes stay in cache across a block. Very wide models use fewer rows
    /// so that a block stays within `blockValues` values.
    static let blockRows = 64
    static let blockValues = 32_768
    /// LightGBM's `kZeroThreshold` (1e-35f as a double): its predictor reads inputs this close to 0 as 0.
    static let zeroThreshold = Double(Float(1e-35))

    /// Parses a LightGBM text model. Errors are `.invalidInput` and name `source`, the line, and the tree and
    /// field at fault.
    package static func load(bytes: [UInt8], source: String) throws(KServeError) -> LightGBMModel {
        try bytes.withUnsafeBufferPointer { buffer throws(KServeError) in
            var text = LightGBMText(bytes: buffer, source: source)
            let header = try LightGBMHeader.read(from: &text)
            var trees: [LightGBMTree] = []
            if let declared = header.declaredTreeCount { trees.reserveCapacity(min(declared, buffer.count / 64)) }
            while true {
                guard let line = text.nextLine() else {
                    throw text.error(
                        text.lineNumber,
                        "truncated model: missing `end of trees` after \(trees.count) trees"
                    )
                }
                if line.isEmpty { continue }
                if text.equals(line, "end of trees") { break }
                guard text.hasPrefix(line, "Tree=") else {
                    throw text.error(
                        line.line,
                        "expected `Tree=\(trees.count)` or `end of trees`, found `\(text.string(line).prefix(40))`"
                    )
                }
                trees.append(
                    try LightGBMTree.read(
                        index: trees.count,
                        header: line,
                        from: &text,
                        featureCount: header.featureCount
                    )
                )
            }
            if let declared = header.declaredTreeCount, declared != trees.count {
                throw text.error(nil, "`tree_sizes` lists \(declared) trees but the file has \(trees.count)")
            }
            guard trees.count % header.treesPerIteration == 0 else {
                throw text.error(
                    nil,
                    "\(trees.count) trees is not a multiple of num_tree_per_iteration=\(header.treesPerIteration)"
                )
            }
            return LightGBMModel(header: header, forest: try LightGBMForest(trees: trees, source: source))
        }
    }

    private init(header: LightGBMHeader, forest: LightGBMForest) {
        self.featureCount = header.featureCount
        self.featureNames = header.featureNames
        self.task = header.objective.task
        self.outputsPerRow = header.objective.outputsPerRow
        self.objectiveName = header.objectiveName
        self.treeCount = forest.treeCount
        self.forest = forest
        self.objective = header.objective
        self.averageOutput = header.averageOutput
        self.iterationCount = forest.treeCount / header.treesPerIteration
        let names = header.featureNames.reduce(0) { $0 + $1.utf8.count + 16 }
        self.residentBytes = forest.residentBytes + names + 256
    }

    package func predict(rows: [Double], rowCount: Int) -> TreePredictions {
        let width = featureCount
        let groups = outputsPerRow
        precondition(
            rowCount >= 0 && rows.count >= rowCount * width,
            "rows holds fewer than rowCount * featureCount values"
        )
        guard rowCount > 0 else { return .float64([]) }
        let blockRows = Swift.max(1, Swift.min(rowCount, Self.blockRows, Self.blockValues / Swift.max(width, 1)))
        var block = [Double](repeating: 0, count: blockRows * width)
        var output = [Double](repeating: 0, count: rowCount * groups)
        rows.withUnsafeBufferPointer { input in
            block.withUnsafeMutableBufferPointer { block in
                output.withUnsafeMutableBufferPointer { output in
                    guard let source = input.baseAddress, let scratch = block.baseAddress,
                        let raw = output.baseAddress
                    else { return }
                    var first = 0
                    while first < rowCount {
                        let count = Swift.min(blockRows, rowCount - first)
                        Self.clean(source + first * width, count: count * width, into: scratch)
                        forest.accumulate(
                            rows: scratch,
                            rowCount: count,
                            width: width,
                            groups: groups,
                            into: raw + first * groups
                        )
                        first += count
                    }
                    finish(raw, count: rowCount * groups)
                }
            }
        }
        return .float64(output)
    }

    /// Copies input values, reading those within LightGBM's zero threshold (and -0) as 0 and keeping NaN.
    @inline(__always)
    private static func clean(_ values: UnsafePointer<Double>, count: Int, into target: UnsafeMutablePointer<Double>) {
        for index in 0..<count {
            let value = values[index]
            target[index] = Swift.abs(value) <= zeroThreshold ? 0 : value
        }
    }

    /// Averages (random forests) and applies the objective's transform to every row, in place.
    private func finish(_ raw: UnsafeMutablePointer<Double>, count: Int) {
        if averageOutput {
            let iterations = Double(iterationCount)
            for index in 0..<count { raw[index] /= iterations }
        }
        guard objective != .identity else { return }
        var row = 0
        while row < count {
            objective.apply(raw + row)
            row += outputsPerRow
        }
    }
}
