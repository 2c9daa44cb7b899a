import Core
import Inference
import Trees

extension TreeServable {
    /// V1 prediction: `instances` are rows of numbers (`null` is a missing value, `true`/`false` read as 1/0).
    ///
    /// Answers what KServe's xgbserver and lgbserver answer (`booster.predict(...).tolist()`): one number per row,
    /// or a list of `outputsPerRow` numbers per row; XGBoost's float32 values are written as their exact double.
    package func predictV1(_ instances: [Value], model name: String) throws(KServeError) -> [Value] {
        let features = tree.featureCount
        let rowValues = try instanceRows(instances, model: name)
        var rows: [Double] = []
        rows.reserveCapacity(rowValues.count * features)
        // Paths for messages are written only when there is an error to report.
        for (rowIndex, row) in rowValues.enumerated() {
            guard row.count == features else {
                throw KServeError(
                    .invalidInput,
                    "model \(name): instances[\(rowIndex)] has \(row.count) values, the model has \(features) features"
                )
            }
            for (column, value) in row.enumerated() {
                guard let number = Self.number(value) else {
                    throw KServeError(
                        .invalidInput,
                        "model \(name): instances[\(rowIndex)][\(column)] is \(value.kindDescription), expected a number"
                    )
                }
                rows.append(number)
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

    private func instanceRows(_ instances: [Value], model name: String) throws(KServeError) -> [[Value]] {
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

    /// The number a V1 element stands for (`null` is a missing value, `true`/`false` are 1/0); nil for anything else.
    private static func number(_ value: Value) -> Double? {
        switch value {
        case .null: .nan
        case .bool(let flag): flag ? 1 : 0
        case .int(let integer): Double(integer)
        case .uint(let integer): Double(integer)
        case .double(let double): double
        default: nil
        }
    }
}
