import Compute
import Core

/// How leaf weights combine across trees.
enum TreeAggregate: Sendable {
    case sum
    case average
    case min
    case max

    /// The STRING attribute `aggregate_function` (default SUM) of TreeEnsembleRegressor.
    static func read(_ attributes: NodeAttributes) throws(KServeError) -> TreeAggregate {
        let text = try attributes.string("aggregate_function", default: "SUM")
        switch text {
        case "SUM": return .sum
        case "AVERAGE": return .average
        case "MIN": return .min
        case "MAX": return .max
        default: throw KServeError(.invalidInput, "aggregate_function \"\(text)\" is not one of SUM, AVERAGE, MIN, MAX")
        }
    }

    /// The INT attribute of TreeEnsemble (ml opset 5): 0 AVERAGE, 1 SUM, 2 MIN, 3 MAX.
    static func read(code: Int64) throws(KServeError) -> TreeAggregate {
        switch code {
        case 0: return .average
        case 1: return .sum
        case 2: return .min
        case 3: return .max
        default: throw KServeError(.invalidInput, "aggregate_function \(code) is not in 0...3")
        }
    }
}

/// The scalar trees accumulate in: float for float (and integer) features, double for double features, as
/// onnxruntime does.
protocol TreeScore: BinaryFloatingPoint, Sendable {
    init(_ value: Double)
    var treeFloat: Float { get }
}

extension Float: TreeScore {
    @inline(__always) var treeFloat: Float { self }
}

extension Double: TreeScore {
    @inline(__always) var treeFloat: Float { Float(self) }
}

/// Per-row scores of a forest before the final transform: `targets` values per row and, per value, whether any vote
/// reached it (onnxruntime writes a target no vote reached as 0, whatever its base value).
struct TreeRawScores<Score: TreeScore> {
    var rows: Int
    var targets: Int
    var values: [Score]
    var reached: [Bool]
}

extension TreeForest {
    /// Rows evaluated together, tree by tree, so that a tree's nodes stay in cache across the rows.
    static let rowBlock = 128
    /// ``score(_:rows:columns:aggregate:as:context:)`` of a whole input, scored in its own precision (float inputs
    /// in Float as onnxruntime scores them, double inputs in Double).
    func score<T: TreeFeature & TreeScore>(
        _ values: [T],
        rows: Int,
        columns: Int,
        aggregate: TreeAggregate,
        context: ExecutionContext
    ) throws(KServeError) -> TreeRawScores<T> {
        try values.withUnsafeBufferPointer { buffer throws(KServeError) in
            try score(buffer, rows: rows, columns: columns, aggregate: aggregate, as: T.self, context: context)
        }
    }

    /// Walks every row down every tree and combines the leaf weights with `aggregate`.
    ///
    /// With a single target, each leaf contributes its first weight (0 when it has none) and every tree counts as a
    /// vote, as in onnxruntime's one-output path; otherwise each of a leaf's weights goes to its target.
    func score<Feature: TreeFeature, Score: TreeScore>(
        _ features: UnsafeBufferPointer<Feature>,
        rows: Int,
        columns: Int,
        aggregate: TreeAggregate,
        as _: Score.Type,
        context: ExecutionContext
    ) throws(KServeError) -> TreeRawScores<Score> {
        guard columns >= featureCount else {
            throw KServeError(
                .invalidInput,
                "the model reads feature \(featureCount - 1) but the input has \(columns) features"
            )
        }
        let targets = targetCount
        let (count, overflow) = rows.multipliedReportingOverflow(by: targets)
        guard !overflow else { throw KServeError(.invalidInput, "\(rows) rows of \(targets) scores are too many") }
        try context.reserve(elements: count, of: Score.self == Float.self ? .float : .double)
        var values = [Score](repeating: 0, count: count)
        var reached = [Bool](repeating: false, count: count)
        guard !roots.isEmpty, rows > 0, let base = features.baseAddress else {
            return TreeRawScores(rows: rows, targets: targets, values: values, reached: reached)
        }
        _ = try withWalker { (walker: TreeWalker) throws(KServeError) in
            voteTargets.withUnsafeBufferPointer { voteTargets in
                voteWeights.withUnsafeBufferPointer { voteWeights in
                    values.withUnsafeMutableBufferPointer { values in
                        reached.withUnsafeMutableBufferPointer { reached in
                            let votes = (voteTargets, voteWeights)
                            let scores = (values, reached)
                            let shape = (rows, columns)
                            switch uniformComparison {
                            case .lessOrEqual:
                                accumulate(
                                    base,
                                    shape,
                                    walker,
                                    votes,
                                    scores,
                                    aggregate,
                                    TreeBranchTests.LessOrEqual.self
                                )
                            case .less:
                                accumulate(base, shape, walker, votes, scores, aggregate, TreeBranchTests.Less.self)
                            case .greaterOrEqual:
                                accumulate(
                                    base,
                                    shape,
                                    walker,
                                    votes,
                                    scores,
                                    aggregate,
                                    TreeBranchTests.GreaterOrEqual.self
                                )
                            case .greater:
                                accumulate(base, shape, walker, votes, scores, aggregate, TreeBranchTests.Greater.self)
                            default:
                                accumulate(base, shape, walker, votes, scores, aggregate, TreeBranchTests.Mixed.self)
                            }
                        }
                    }
                }
            }
        }
        return TreeRawScores(rows: rows, targets: targets, values: values, reached: reached)
    }

    /// The walk of every row down every tree, specialised for the forest's branch test.
    @inline(__always)
    private func accumulate<Feature: TreeFeature, Score: TreeScore, Test: TreeBranchTest>(
        _ base: UnsafePointer<Feature>,
        _ shape: (rows: Int, columns: Int),
        _ walker: TreeWalker,
        _ votes: (targets: UnsafeBufferPointer<Int32>, weights: UnsafeBufferPointer<Double>),
        _ scores: (values: UnsafeMutableBufferPointer<Score>, reached: UnsafeMutableBufferPointer<Bool>),
        _ aggregate: TreeAggregate,
        _ test: Test.Type
    ) {
        let targets = targetCount
        var blockStart = 0
        while blockStart < shape.rows {
            let blockEnd = Swift.min(shape.rows, blockStart + Self.rowBlock)
            for root in roots {
                for row in blockStart..<blockEnd {
                    let leaf = walker.leaf(from: root, row: base + row * shape.columns, test)
                    if targets == 1 {
                        Self.combine(
                            Score(leaf.pointee.threshold),
                            into: &scores.values[row],
                            reached: &scores.reached[row],
                            aggregate
                        )
                        continue
                    }
                    let first = Int(leaf.pointee.trueChild)
                    let end = first + Int(leaf.pointee.falseChild)
                    for vote in first..<end {
                        let slot = row * targets + Int(votes.targets[vote])
                        Self.combine(
                            Score(votes.weights[vote]),
                            into: &scores.values[slot],
                            reached: &scores.reached[slot],
                            aggregate
                        )
                    }
                }
            }
            blockStart = blockEnd
        }
    }

    @inline(__always)
    private static func combine<Score: TreeScore>(
        _ weight: Score,
        into value: inout Score,
        reached: inout Bool,
        _ aggregate: TreeAggregate
    ) {
        switch aggregate {
        case .sum, .average: value += weight
        case .min: if !reached || weight < value { value = weight }
        case .max: if !reached || weight > value { value = weight }
        }
        reached = true
    }
}

extension TreeRawScores {
    /// The regressor's outputs (TreeEnsembleRegressor, TreeEnsemble), as onnxruntime finalizes them.
    ///
    /// One target: the aggregate plus `base[0]` when there is exactly one base value, then PROBIT if asked (no other
    /// transform applies to a single score). Several targets: the aggregate plus the base values when there is one
    /// per target, a target no vote reached written as 0, then the transform over each row.
    func regression(
        aggregate: TreeAggregate,
        treeCount: Int,
        base: [Score],
        transform: MLPostTransform
    ) -> [Double] {
        var output = [Double](repeating: 0, count: values.count)
        if targets == 1 {
            let origin: Score = base.count == 1 ? base[0] : 0
            for row in 0..<rows {
                var value = values[row]
                switch aggregate {
                case .sum: value += origin
                case .average: value = value / Score(Double(treeCount)) + origin
                case .min, .max: value = reached[row] ? value + origin : origin
                }
                output[row] = transform == .probit ? Double(MLMath.probit(value.treeFloat)) : Double(value)
            }
            return output
        }
        let useBase = base.count == targets
        var row = [Float](repeating: 0, count: targets)
        for start in stride(from: 0, to: values.count, by: targets) {
            for target in 0..<targets {
                var value = values[start + target]
                if aggregate == .average { value = value / Score(Double(treeCount)) }
                if useBase { value += base[target] }
                output[start + target] = reached[start + target] ? Double(value) : 0
                row[target] = reached[start + target] ? value.treeFloat : 0
            }
            if transform != .none {
                row.withUnsafeMutableBufferPointer { MLMath.apply(transform, row: $0) }
                for target in 0..<targets { output[start + target] = Double(row[target]) }
            }
        }
        return output
    }
}
