import Core
import Inference
import Trees

extension LoadedModel {
    /// V1 prediction: `instances` are rows of numbers (`null` is a missing value, `true`/`false` read as 1/0).
    ///
    /// Answers what KServe's xgbserver and lgbserver answer (`booster.predict(...).tolist()`): one number per row,
    /// or a list of `outputsPerRow` numbers per row; XGBoost's float32 values are written as their exact double.
    package func predictV1(instances: [Value]) throws(KServeError) -> [Value] {
        let features = tree.featureCount
        let rowValues = try instanceRows(instances)
        var rows: [Double] = []
        rows.reserveCapacity(rowValues.count * features)
        for (rowIndex, row) in rowValues.enumerated() {
            let location = "instances[\(rowIndex)]"
            guard row.count == features else {
                throw KServeError(
                    .invalidInput,
                    "model \(name): \(location) has \(row.count) values, the model has \(features) features"
                )
            }
            for (column, value) in row.enumerated() {
                rows.append(try number(value, at: "\(location)[\(column)]"))
            }
        }
        let rowCount = rowValues.count
        let predictions = tree.predict(rows: rows, rowCount: rowCount)
        let perRow = tree.outputsPerRow
        guard predictions.count == rowCount * perRow else {
            throw KServeError(
                .internal,
                "model \(name): the executor returned \(predictions.count) values for \(rowCount) rows"
            )
        }
        let flat: [Value]
        switch predictions {
        case .float32(let values): flat = values.map { .double(Double($0)) }
        case .float64(let values): flat = values.map { .double($0) }
        }
        guard perRow > 1 else { return flat }
        return (0..<rowCount).map { row in .array(Array(flat[(row * perRow)..<((row + 1) * perRow)])) }
    }

    private func instanceRows(_ instances: [Value]) throws(KServeError) -> [[Value]] {
        var rows: [[Value]] = []
        rows.reserveCapacity(instances.count)
        for (index, instance) in instances.enumerated() {
            guard let row = instance.arrayValue else {
                throw KServeError(
                    .invalidInput,
                    "model \(name): instances[\(index)] is \(instance.kindDescription), expected a list of numbers"
                )
            }
            rows.append(row)
        }
        return rows
    }

    private func number(_ value: Value, at path: String) throws(KServeError) -> Double {
        switch value {
        case .null: return .nan
        case .bool(let flag): return flag ? 1 : 0
        case .int(let integer): return Double(integer)
        case .uint(let integer): return Double(integer)
        case .double(let double): return double
        default:
            throw KServeError(.invalidInput, "model \(name): \(path) is \(value.kindDescription), expected a number")
        }
    }
}
