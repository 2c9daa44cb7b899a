import Core
import Foundation
import Testing

@testable import Trees

/// The LightGBM fixtures written by `Fixtures/make_lightgbm_fixtures.py`: a model and what `Booster.predict`
/// returned for its rows, every float as Python's `repr`.
struct LightGBMFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/lightgbm")

    /// Every case the script writes; a missing one fails its test instead of being skipped.
    static let names = [
        "regression", "regression_nan", "regression_sqrt", "regression_l1", "regression_l1_sqrt", "huber", "fair",
        "quantile", "mape", "poisson", "gamma", "tweedie", "cross_entropy", "cross_entropy_lambda", "binary",
        "binary_nan", "binary_sigmoid", "multiclass", "multiclass_wine_nan", "multiclassova",
        "multiclassova_sigmoid", "zero_as_missing", "categorical_binary", "categorical_regression_nan", "rf_binary",
        "rf_multiclass", "linear_tree", "single_leaf", "lambdarank", "hand_written_edges",
    ]

    let name: String
    let modelBytes: [UInt8]
    let featureCount: Int
    let featureNames: [String]
    let outputsPerRow: Int
    let rows: [[Double]]
    let predictions: [Double]

    init(_ name: String) throws {
        self.name = name
        let json = try Data(contentsOf: Self.directory.appendingPathComponent("\(name).expected.json"))
        let document = try JSONParser.parse([UInt8](json), source: "\(name).expected.json")
        let model = try #require(document["model"]?.stringValue)
        modelBytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(model)))
        featureCount = Int(try #require(document["feature_count"]?.int64Value))
        featureNames = try #require(document["feature_names"]?.arrayValue).compactMap(\.stringValue)
        outputsPerRow = Int(try #require(document["outputs_per_row"]?.int64Value))
        rows = try #require(document["rows"]?.arrayValue).map { row in
            try #require(row.arrayValue).map { try Self.number($0) }
        }
        predictions = try #require(document["predictions"]?.arrayValue).map { try Self.number($0) }
    }

    /// A float written as Python's `repr` ("0.1", "nan", "-inf"), parsed back to the same bits.
    static func number(_ value: Value) throws -> Double {
        let text = try #require(value.stringValue)
        switch text {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: return try #require(Double(text), "not a float: \(text)")
        }
    }

    func load() throws -> LightGBMModel { try LightGBMModel.load(bytes: modelBytes, source: "\(name).txt") }
}

/// Bit patterns that differ between `actual` and `expected`, as readable lines (empty when all match).
func lightGBMMismatches(_ actual: [Double], _ expected: [Double], perRow: Int) -> [String] {
    guard actual.count == expected.count else { return ["count \(actual.count) != \(expected.count)"] }
    var lines: [String] = []
    for index in actual.indices where actual[index].bitPattern != expected[index].bitPattern {
        if actual[index].isNaN && expected[index].isNaN { continue }
        lines.append("row \(index / perRow) value \(index % perRow): \(actual[index]) != \(expected[index])")
    }
    return lines
}

@Suite struct LightGBMModelTests {
    @Test(arguments: LightGBMFixture.names)
    func predictionsAreBitExact(name: String) throws {
        let fixture = try LightGBMFixture(name)
        let model = try fixture.load()
        #expect(model.featureCount == fixture.featureCount)
        #expect(model.featureNames == fixture.featureNames)
        #expect(model.outputsPerRow == fixture.outputsPerRow)
        let flat = fixture.rows.flatMap { $0 }
        guard case .float64(let values) = model.predict(rows: flat, rowCount: fixture.rows.count) else {
            Issue.record("LightGBM predictions must be float64")
            return
        }
        let mismatches = lightGBMMismatches(values, fixture.predictions, perRow: fixture.outputsPerRow)
        #expect(mismatches.isEmpty, "\(name): \(mismatches.count) mismatches: \(mismatches.prefix(5))")
    }

    @Test(arguments: LightGBMFixture.names)
    func rowByRowMatchesBatch(name: String) throws {
        let fixture = try LightGBMFixture(name)
        let model = try fixture.load()
        var single: [Double] = []
        for row in fixture.rows {
            guard case .float64(let values) = model.predict(rows: row, rowCount: 1) else { return }
            single += values
        }
        #expect(lightGBMMismatches(single, fixture.predictions, perRow: fixture.outputsPerRow).isEmpty)
    }

    @Test func manyRowsSpanSeveralBlocks() throws {
        let fixture = try LightGBMFixture("multiclass_wine_nan")
        let model = try fixture.load()
        // 1000 rows cycling through the fixture rows cross several evaluation blocks.
        let count = 1000
        let rows = (0..<count).flatMap { fixture.rows[$0 % fixture.rows.count] }
        guard case .float64(let values) = model.predict(rows: rows, rowCount: count) else {
            Issue.record("expected float64")
            return
        }
        let perRow = fixture.outputsPerRow
        let expected = (0..<count).flatMap { row in
            fixture.predictions[(row % fixture.rows.count) * perRow..<(row % fixture.rows.count + 1) * perRow]
        }
        #expect(lightGBMMismatches(values, expected, perRow: perRow).isEmpty)
    }

    @Test func windowsLineEndingsReadTheSame() throws {
        let fixture = try LightGBMFixture("categorical_binary")
        let text = String(decoding: fixture.modelBytes, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n")
        let model = try LightGBMModel.load(bytes: Array(text.utf8), source: "crlf.txt")
        guard case .float64(let values) = model.predict(rows: fixture.rows.flatMap { $0 }, rowCount: fixture.rows.count)
        else { return }
        #expect(lightGBMMismatches(values, fixture.predictions, perRow: 1).isEmpty)
    }

    @Test func zeroRowsGiveNoValues() throws {
        let model = try LightGBMFixture("binary").load()
        #expect(model.predict(rows: [], rowCount: 0) == .float64([]))
    }

    @Test func describesTaskAndShape() throws {
        let binary = try LightGBMFixture("binary").load()
        #expect(binary.task == .binaryClassification)
        #expect(binary.outputsPerRow == 1)
        #expect(binary.objectiveName == "binary")
        #expect(binary.framework == "lightgbm")

        let multiclass = try LightGBMFixture("multiclass").load()
        #expect(multiclass.task == .multiclass(classes: 3))
        #expect(multiclass.outputsPerRow == 3)
        #expect(multiclass.featureCount == 4)

        let ova = try LightGBMFixture("multiclassova").load()
        #expect(ova.task == .multiclass(classes: 3))

        let regression = try LightGBMFixture("regression").load()
        #expect(regression.task == .regression)
        #expect(regression.featureNames == (0..<10).map { "Column_\($0)" })
        #expect(regression.treeCount == 8)

        let forest = try LightGBMFixture("rf_multiclass").load()
        #expect(forest.treeCount == 12)
    }

    @Test func residentBytesFollowTheFlattenedArrays() throws {
        let small = try LightGBMFixture("single_leaf").load()
        let large = try LightGBMFixture("multiclass").load()
        #expect(small.residentBytes > 0)
        // 15 trees of up to 6 leaves: at least their nodes (8 + 4 + 8 bytes) and leaves (8 bytes).
        #expect(large.residentBytes > small.residentBytes)
        #expect(large.residentBytes >= 15 * (5 * 20 + 6 * 8))
        #expect(large.residentBytes < 64 * 1024)
    }

    @Test func sigmoidParameterIsReadAsLightGBMReadsIt() {
        #expect(lightGBMAtof("1") == 1)
        #expect(lightGBMAtof("0.7") == 0.7)
        #expect(lightGBMAtof("1.7") == 1.0 + 7.0 / 10.0)
        #expect(lightGBMAtof("2.5e-3") == 2.5 / 1000)
        #expect(lightGBMAtof("-3") == -3)
        #expect(lightGBMAtof("x") == nil)
        #expect(lightGBMAtof("1.5abc") == nil)
    }
}
