import Core
import Foundation
import Runtime

/// A model file from the Trees fixtures (`Tests/TreesTests/Fixtures`), with the rows and the predictions that
/// XGBoost or LightGBM computed for them when the fixture was made.
struct TreeFixture: Sendable {
    let format: ModelFormat
    let name: String
    let path: String
    let featureCount: Int
    let outputsPerRow: Int
    /// Row-major, NaN for a missing value.
    let rows: [[Double]]
    /// XGBoost's float32 predictions (nil for LightGBM).
    let expectedFloat32: [Float]?
    /// LightGBM's float64 predictions (nil for XGBoost).
    let expectedFloat64: [Double]?

    static let directory: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("TreesTests/Fixtures").path
    }()

    static func modelPath(_ format: ModelFormat, _ name: String) -> String {
        switch format {
        case .xgboost: return "\(directory)/xgboost/\(name).json"
        case .lightgbm: return "\(directory)/lightgbm/\(name).txt"
        case .onnx: return "\(directory)/onnx/\(name).onnx"
        }
    }

    static func load(_ format: ModelFormat, _ name: String) throws -> TreeFixture {
        let path = modelPath(format, name)
        let expectedPath = path.replacingOccurrences(of: format == .xgboost ? ".json" : ".txt", with: ".expected.json")
        let text = try String(contentsOfFile: expectedPath, encoding: .utf8)
        let json = try JSONParser.parse(text, source: expectedPath)
        let rows: [[Double]] = try (json["rows"]?.arrayValue ?? []).map { row in
            try (row.arrayValue ?? []).map { cell in
                let text = cell.stringValue ?? ""
                if text == "nan" { return .nan }
                guard let value = Double(text) else { throw FixtureError.malformed(expectedPath, text) }
                return value
            }
        }
        let predictions = (json["predictions"]?.arrayValue ?? []).compactMap(\.stringValue)
        var float32: [Float]?
        var float64: [Double]?
        switch format {
        case .xgboost:
            float32 = try predictions.map { hex in
                guard let bits = UInt32(hex, radix: 16) else { throw FixtureError.malformed(expectedPath, hex) }
                return Float(bitPattern: bits)
            }
        case .lightgbm, .onnx:
            float64 = try predictions.map { text in
                guard let value = Double(text) else { throw FixtureError.malformed(expectedPath, text) }
                return value
            }
        }
        return TreeFixture(
            format: format,
            name: name,
            path: path,
            featureCount: Int(json["feature_count"]?.int64Value ?? 0),
            outputsPerRow: Int(json["outputs_per_row"]?.int64Value ?? 0),
            rows: rows,
            expectedFloat32: float32,
            expectedFloat64: float64
        )
    }

    /// The expected predictions as doubles (XGBoost's float32 values widened exactly).
    var expected: [Double] { expectedFloat32.map { $0.map(Double.init) } ?? expectedFloat64 ?? [] }

    var flatRows: [Double] { rows.flatMap { $0 } }

    /// The rows JSON can carry, with their predictions: JSON has no infinities (writers send them as `null`,
    /// which reads back as a missing value), so rows with one only travel as binary tensor data.
    var jsonRows: TreeFixture {
        let kept = rows.indices.filter { rows[$0].allSatisfy { !$0.isInfinite } }
        let perRow = outputsPerRow
        func select<T>(_ values: [T]?) -> [T]? {
            values.map { values in kept.flatMap { values[($0 * perRow)..<(($0 + 1) * perRow)] } }
        }
        return TreeFixture(
            format: format,
            name: name,
            path: path,
            featureCount: featureCount,
            outputsPerRow: outputsPerRow,
            rows: kept.map { rows[$0] },
            expectedFloat32: select(expectedFloat32),
            expectedFloat64: select(expectedFloat64)
        )
    }

}

enum FixtureError: Error {
    case malformed(String, String)
}
