import Core
import Foundation
import Inference
import Runtime
import Trees

/// The tree fixtures the Trees tests own (`Tests/TreesTests/Fixtures`): model files written by XGBoost and LightGBM
/// with the rows and the predictions the libraries computed for them.
enum Fixtures {
    static let directory: String = {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TreesTests/Fixtures").path
    }()

    static func modelPath(_ format: ModelFormat, _ name: String) -> String {
        switch format {
        case .xgboost: return "\(directory)/xgboost/\(name).json"
        case .lightgbm: return "\(directory)/lightgbm/\(name).txt"
        case .onnx: return "\(directory)/onnx/\(name).onnx"
        }
    }

    /// A model loaded straight from a fixture file.
    static func loadedModel(_ format: ModelFormat, _ name: String, as modelName: String? = nil) throws -> LoadedModel {
        let path = modelPath(format, name)
        let bytes = try InputFile.read(path)
        let servable = try ModelLoader.standard.load(format, bytes, path)
        return LoadedModel(name: modelName ?? name, format: format, servable: servable)
    }

    /// The `.expected.json` beside a fixture model.
    static func expected(_ format: ModelFormat, _ name: String) throws -> Expected {
        let subdirectory = format == .xgboost ? "xgboost" : "lightgbm"
        let path = "\(directory)/\(subdirectory)/\(name).expected.json"
        return try Expected(json: JSONParser.parse(InputFile.read(path), source: path), format: format)
    }
}

/// A fixture's rows and the library's predictions for them.
struct Expected {
    let featureCount: Int
    let outputsPerRow: Int
    /// Row-major, NaN for missing.
    let rows: [Double]
    let rowCount: Int
    /// XGBoost: float32 bit patterns; LightGBM: nil.
    let float32Bits: [UInt32]?
    /// LightGBM: float64 values; XGBoost: the float32 values widened.
    let values: [Double]

    init(json: Value, format: ModelFormat) throws {
        featureCount = try Self.int(json["feature_count"], "feature_count")
        outputsPerRow = try Self.int(json["outputs_per_row"], "outputs_per_row")
        let rowValues = json["rows"]?.arrayValue ?? []
        var flat: [Double] = []
        for row in rowValues {
            for cell in row.arrayValue ?? [] {
                guard let text = cell.stringValue, let value = Double(text) else {
                    throw FixtureError("row cell \(cell) is not a number")
                }
                flat.append(value)
            }
        }
        rows = flat
        rowCount = rowValues.count
        let predictions = (json["predictions"]?.arrayValue ?? []).compactMap(\.stringValue)
        switch format {
        case .xgboost:
            let bits = predictions.compactMap { UInt32($0, radix: 16) }
            guard bits.count == predictions.count else { throw FixtureError("bad float32 bit pattern") }
            float32Bits = bits
            values = bits.map { Double(Float(bitPattern: $0)) }
        case .lightgbm, .onnx:
            let doubles = predictions.compactMap { Double($0) }
            guard doubles.count == predictions.count else { throw FixtureError("bad float64 value") }
            float32Bits = nil
            values = doubles
        }
        guard rows.count == rowCount * featureCount, values.count == rowCount * outputsPerRow else {
            throw FixtureError("fixture sizes do not agree")
        }
    }

    private static func int(_ value: Value?, _ key: String) throws -> Int {
        guard let number = value?.int64Value else { throw FixtureError("\(key) missing") }
        return Int(number)
    }

    /// Row `index` as JSON numbers, `null` for NaN (V1 instances).
    func instance(_ index: Int) -> Value {
        let row = rows[(index * featureCount)..<((index + 1) * featureCount)]
        return .array(row.map { $0.isNaN ? .null : .double($0) })
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
