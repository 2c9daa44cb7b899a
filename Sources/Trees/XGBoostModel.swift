import Core

/// An XGBoost model read from its JSON model file (gbtree or dart), evaluated natively and bit for bit as
/// `Booster.predict(DMatrix(rows))` evaluates it: float32 inputs and sums, `x < threshold`, the objective's
/// transform with the platform's `expf`/`logf`.
package struct XGBoostModel: TreeModel {
    package let framework = "xgboost"
    package let featureCount: Int
    package let featureNames: [String]?
    package let task: TreeTask
    package let outputsPerRow: Int
    package let residentBytes: Int
    /// The objective's name in the model file, e.g. "binary:logistic".
    package let objectiveName: String
    /// Number of trees (every output group and DART tree counted).
    package var treeCount: Int { forest.treeRoot.count }

    let forest: XGBoostForest
    let objective: XGBoostObjective
    /// Per output group: the starting margin, from `base_score` through the objective.
    let baseMargins: [Float]

    init(
        forest: XGBoostForest,
        objective: XGBoostObjective,
        objectiveName: String,
        baseMargins: [Float],
        featureCount: Int,
        featureNames: [String]?
    ) {
        self.forest = forest
        self.objective = objective
        self.objectiveName = objectiveName
        self.baseMargins = baseMargins
        self.featureCount = featureCount
        self.featureNames = featureNames
        let groups = forest.groupCount
        switch objective {
        case .softprob:
            task = .multiclass(classes: groups)
            outputsPerRow = groups
        case .softmax:
            task = .multiclass(classes: groups)
            outputsPerRow = 1
        case .logistic(binary: true), .logitRaw:
            task = .binaryClassification
            outputsPerRow = 1
        case .identity, .logistic(binary: false), .logLink, .gamma:
            task = .regression
            outputsPerRow = 1
        }
        let nodeBytes = forest.nodeCount * (3 * MemoryLayout<Int32>.stride + MemoryLayout<Float>.stride)
        let treeBytes =
            forest.treeRoot.count * 2 * MemoryLayout<Int32>.stride
            + forest.treeWeight.count * MemoryLayout<Float>.stride
        let nameBytes = (featureNames ?? []).reduce(0) { $0 + $1.utf8.count + 16 }
        residentBytes =
            512 + nodeBytes + treeBytes + forest.categorySets.count * MemoryLayout<Int32>.stride
            + baseMargins.count * MemoryLayout<Float>.stride + nameBytes
    }

    /// Reads an XGBoost JSON model. A UBJSON (or other non-JSON) file is `.unsupported`; a malformed or inconsistent
    /// one is `.invalidInput` naming `source` and the field.
    package static func load(bytes: [UInt8], source: String) throws(KServeError) -> XGBoostModel {
        try XGBoostModelReader(source: source).read(bytes)
    }

    /// Predicts as `Booster.predict` does by default: probabilities for binary:logistic (one per row), the class index
    /// for multi:softmax (one per row), class probabilities for multi:softprob (`outputsPerRow` per row), values for
    /// the regression objectives. Rows are converted to float32 first, as a DMatrix holds them.
    package func predict(rows: [Double], rowCount: Int) -> TreePredictions {
        let (expected, overflow) = rowCount.multipliedReportingOverflow(by: featureCount)
        precondition(rowCount >= 0 && !overflow && rows.count == expected, "rows must hold rowCount * featureCount")
        let groups = forest.groupCount
        var outputs = [Float](unsafeUninitializedCapacity: rowCount * groups) { margins, initialized in
            for row in 0..<rowCount {
                for group in 0..<groups { margins.initializeElement(at: row * groups + group, to: baseMargins[group]) }
            }
            initialized = rowCount * groups
            rows.withUnsafeBufferPointer { input in
                forest.accumulate(input: input, featureCount: featureCount, rows: 0..<rowCount, margins: margins)
            }
            objective.transform(margins, rows: rowCount, groups: groups)
        }
        if outputs.count > rowCount * outputsPerRow { outputs.removeLast(outputs.count - rowCount * outputsPerRow) }
        return .float32(outputs)
    }

    /// The raw margins (`groups` per row), as `Booster.predict(..., output_margin=True)` returns them.
    package func predictMargins(rows: [Double], rowCount: Int) -> [Float] {
        let (expected, overflow) = rowCount.multipliedReportingOverflow(by: featureCount)
        precondition(rowCount >= 0 && !overflow && rows.count == expected, "rows must hold rowCount * featureCount")
        let groups = forest.groupCount
        var margins = [Float](repeating: 0, count: rowCount * groups)
        margins.withUnsafeMutableBufferPointer { margins in
            for row in 0..<rowCount {
                for group in 0..<groups { margins[row * groups + group] = baseMargins[group] }
            }
            rows.withUnsafeBufferPointer { input in
                forest.accumulate(input: input, featureCount: featureCount, rows: 0..<rowCount, margins: margins)
            }
        }
        return margins
    }
}
