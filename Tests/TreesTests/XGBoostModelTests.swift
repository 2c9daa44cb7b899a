import Core
import Foundation
import Testing

@testable import Trees

/// Every fixture written by `Fixtures/make_xgboost_fixtures.py` (models trained by XGBoost, predictions from its
/// `Booster.predict`) must be reproduced bit for bit.
@Suite struct XGBoostModelTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/xgboost")

    /// The `<name>` of every `<name>.expected.json` in the fixture directory.
    static func fixtureNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return files.filter { $0.hasSuffix(".expected.json") }.map { String($0.dropLast(".expected.json".count)) }
            .sorted()
    }

    /// One fixture's expectations: the rows given to `Booster.predict` and its float32 answers.
    struct Expected {
        let model: String
        let objective: String
        let featureCount: Int
        let featureNames: [String]?
        let outputsPerRow: Int
        let rows: [Double]
        let rowCount: Int
        let predictions: [Float]
    }

    struct FixtureError: Error, CustomStringConvertible {
        let description: String
    }

    static func expected(in directory: URL, name: String) throws -> Expected {
        let path = directory.appendingPathComponent(name + ".expected.json").path
        let document = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))), source: path)
        func field<T>(_ key: String, _ read: (Value) -> T?) throws -> T {
            guard let value = document[key], let result = read(value) else {
                throw FixtureError(description: "\(path): field \(key) is missing or malformed")
            }
            return result
        }
        func strings(_ value: Value) -> [String]? {
            guard let array = value.arrayValue else { return nil }
            let strings = array.compactMap(\.stringValue)
            return strings.count == array.count ? strings : nil
        }
        let rows = try field("rows") { $0.arrayValue?.compactMap { strings($0)?.compactMap(Double.init) } }
        let predictions = try field("predictions") { strings($0)?.compactMap { UInt32($0, radix: 16) } }
        let featureCount = try field("feature_count") { $0.int64Value.map(Int.init) }
        guard rows.allSatisfy({ $0.count == featureCount }), rows.count == document["rows"]?.arrayValue?.count,
            predictions.count == document["predictions"]?.arrayValue?.count
        else { throw FixtureError(description: "\(path): malformed rows or predictions") }
        return Expected(
            model: try field("model", \.stringValue),
            objective: try field("objective", \.stringValue),
            featureCount: featureCount,
            featureNames: try field("feature_names") { $0.isNull ? .some(nil) : strings($0).map { .some($0) } },
            outputsPerRow: try field("outputs_per_row") { $0.int64Value.map(Int.init) },
            rows: rows.flatMap { $0 },
            rowCount: rows.count,
            predictions: predictions.map(Float.init(bitPattern:))
        )
    }

    static func load(_ file: URL) throws -> XGBoostModel {
        try XGBoostModel.load(bytes: Array(try Data(contentsOf: file)), source: file.lastPathComponent)
    }

    /// Loads the fixture's model, predicts its rows and compares every output's bit pattern.
    static func checkBitExact(directory: URL, name fixture: String, context: String = "") throws {
        let expected = try expected(in: directory, name: fixture)
        let name = context + fixture
        let model = try load(directory.appendingPathComponent(expected.model))
        #expect(model.objectiveName == expected.objective)
        #expect(model.featureCount == expected.featureCount)
        #expect(model.featureNames == expected.featureNames)
        #expect(model.outputsPerRow == expected.outputsPerRow)
        guard case .float32(let predicted) = model.predict(rows: expected.rows, rowCount: expected.rowCount) else {
            Issue.record("\(name): XGBoost predictions must be float32")
            return
        }
        try #require(predicted.count == expected.predictions.count, "\(name): prediction count")
        var mismatches: [String] = []
        for (index, (actual, wanted)) in zip(predicted, expected.predictions).enumerated()
        where actual.bitPattern != wanted.bitPattern {
            mismatches.append("output \(index) (row \(index / expected.outputsPerRow)): \(actual) vs \(wanted)")
        }
        #expect(
            mismatches.isEmpty,
            "\(name): \(mismatches.count) of \(predicted.count) differ: \(mismatches.prefix(5).joined(separator: "; "))"
        )
    }

    @Test(arguments: fixtureNames())
    func fixtureIsBitExact(name: String) throws {
        try Self.checkBitExact(directory: Self.fixtures, name: name)
    }

    /// Guards against fixtures going missing: every objective, dart, categorical and both base_score encodings.
    @Test func fixturesCoverEveryCase() throws {
        let names = Set(Self.fixtureNames())
        var objectives: Set<String> = []
        for name in names { objectives.insert(try Self.expected(in: Self.fixtures, name: name).objective) }
        #expect(objectives.isSuperset(of: XGBoostObjective.supportedNames))
        for required in [
            "dart_binary", "dart_multi_softprob", "categorical", "old_base_score_binary",
            "old_base_score_softprob", "rf_regression", "nonfinite_values",
        ] {
            #expect(names.contains(required), "missing fixture \(required)")
        }
    }

    @Test func taskAndOutputsComeFromTheModelFile() throws {
        let cases: [(String, TreeTask, Int)] = [
            ("binary_logistic", .binaryClassification, 1),
            ("binary_logitraw", .binaryClassification, 1),
            ("reg_logistic", .regression, 1),
            ("reg_squarederror", .regression, 1),
            ("count_poisson", .regression, 1),
            ("multi_softprob", .multiclass(classes: 3), 3),
            ("multi_softmax", .multiclass(classes: 3), 1),
            ("multi_softprob_digits", .multiclass(classes: 10), 10),
        ]
        for (name, task, outputs) in cases {
            let model = try Self.load(Self.fixtures.appendingPathComponent(name + ".json"))
            #expect(model.task == task, "\(name)")
            #expect(model.outputsPerRow == outputs, "\(name)")
            #expect(model.framework == "xgboost")
        }
        let named = try Self.load(Self.fixtures.appendingPathComponent("reg_squarederror.json"))
        #expect(named.featureNames == ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"])
        #expect(named.featureCount == 10)
        let unnamed = try Self.load(Self.fixtures.appendingPathComponent("binary_logistic.json"))
        #expect(unnamed.featureNames == nil)
        #expect(unnamed.featureCount == 12)
    }

    /// residentBytes follows the flattened arrays: more nodes, more bytes, and at least 16 bytes a node.
    @Test func residentBytesFollowTheFlattenedArrays() throws {
        let small = try Self.load(Self.fixtures.appendingPathComponent("multi_softprob.json"))
        let large = try Self.load(Self.fixtures.appendingPathComponent("multi_softprob_digits.json"))
        #expect(small.forest.nodeCount > 0)
        #expect(small.residentBytes >= small.forest.nodeCount * 16)
        #expect(large.residentBytes >= large.forest.nodeCount * 16)
        #expect(large.forest.nodeCount > small.forest.nodeCount)
        #expect(large.residentBytes > small.residentBytes)
        #expect(large.residentBytes < large.forest.nodeCount * 16 + 4096)
    }

    /// The scalar base_score of XGBoost <= 3.0 and the bracketed list of >= 3.1 give the same model.
    @Test func bothBaseScoreEncodingsLoadAlike() throws {
        let new = try Self.load(Self.fixtures.appendingPathComponent("binary_logistic.json"))
        let old = try Self.load(Self.fixtures.appendingPathComponent("old_base_score_binary.json"))
        #expect(new.baseMargins == old.baseMargins)
        let expected = try Self.expected(in: Self.fixtures, name: "binary_logistic")
        #expect(
            new.predict(rows: expected.rows, rowCount: expected.rowCount)
                == old.predict(rows: expected.rows, rowCount: expected.rowCount)
        )
        let broadcast = try Self.load(Self.fixtures.appendingPathComponent("old_base_score_softprob.json"))
        #expect(broadcast.baseMargins == [0.5, 0.5, 0.5])
    }

    /// Many rows in one call (several blocks, rows out of step with the block size) give what each row gives alone.
    @Test func batchesMatchSingleRows() throws {
        let expected = try Self.expected(in: Self.fixtures, name: "dart_multi_softprob")
        let model = try Self.load(Self.fixtures.appendingPathComponent(expected.model))
        var rows: [Double] = []
        let count = XGBoostForest.blockRows * 3 + 5
        for index in 0..<count {
            let source = index % expected.rowCount
            rows.append(
                contentsOf: expected.rows[source * expected.featureCount..<(source + 1) * expected.featureCount]
            )
        }
        guard case .float32(let batch) = model.predict(rows: rows, rowCount: count) else {
            Issue.record("float32 expected")
            return
        }
        var differing: [Int] = []
        for index in 0..<count {
            let source = index % expected.rowCount
            let wanted = expected.predictions[source * 3..<(source + 1) * 3].map(\.bitPattern)
            if batch[index * 3..<(index + 1) * 3].map(\.bitPattern) != wanted { differing.append(index) }
        }
        #expect(differing.isEmpty, "rows that differ from XGBoost: \(differing.prefix(10))")
        #expect(model.predict(rows: [], rowCount: 0) == .float32([]))
    }

    @Test func marginsAreTheUntransformedSums() throws {
        let expected = try Self.expected(in: Self.fixtures, name: "binary_logitraw")
        let model = try Self.load(Self.fixtures.appendingPathComponent(expected.model))
        #expect(model.predictMargins(rows: expected.rows, rowCount: expected.rowCount) == expected.predictions)
    }

    /// The branch-free lock-step move agrees with the row-by-row walk on every numeric tree of every fixture, for
    /// every fixture row (NaNs, ties, edge values), whether or not the tree's depth selects lock step.
    @Test(arguments: fixtureNames())
    func lockStepWalkMatchesRowWalk(name: String) throws {
        let expected = try Self.expected(in: Self.fixtures, name: name)
        let forest = try Self.load(Self.fixtures.appendingPathComponent(expected.model)).forest
        var compared = 0
        var differing: [String] = []
        forest.withNodes { nodes in
            expected.rows.withUnsafeBufferPointer { input in
                for tree in 0..<forest.treeRoot.count {
                    let root = Int(forest.treeRoot[tree])
                    let end = tree + 1 < forest.treeRoot.count ? Int(forest.treeRoot[tree + 1]) : forest.nodeCount
                    // Lock step is only for numeric splits with real thresholds (see `XGBoostForest.treeSteps`).
                    let numeric = (root..<end).allSatisfy {
                        forest.rule[$0] < 2 && (forest.firstChild[$0] < 0 || !forest.value[$0].isNaN)
                    }
                    guard numeric else { continue }
                    for row in 0..<expected.rowCount {
                        let rowStart = row * expected.featureCount
                        var node = root
                        for _ in 0..<(end - root) { node = nodes.step(from: node, input: input, rowStart: rowStart) }
                        if node != nodes.leaf(from: root, input: input, rowStart: rowStart) {
                            differing.append("tree \(tree) row \(row)")
                        }
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 0 || name == "categorical")
        #expect(differing.isEmpty, "\(differing.prefix(10))")
    }

    /// Fixtures walk some trees in lock step and some row by row, so both paths meet XGBoost's answers.
    @Test func fixturesUseBothWalks() throws {
        let digits = try Self.load(Self.fixtures.appendingPathComponent("multi_softprob_digits.json")).forest
        #expect(digits.treeSteps.allSatisfy { $0 == 4 })
        let shallow = try Self.load(Self.fixtures.appendingPathComponent("reg_gamma.json")).forest
        #expect(shallow.treeSteps.allSatisfy { $0 == -1 })
        let categorical = try Self.load(Self.fixtures.appendingPathComponent("categorical.json")).forest
        #expect(categorical.treeSteps.allSatisfy { $0 == -1 })
        #expect(
            try Self.expected(in: Self.fixtures, name: "binary_logistic").rowCount >= XGBoostForest.lockStepMinimumRows
        )
    }
}
