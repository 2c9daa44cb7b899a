// Shared by the model harnesses (xgboost-model, lightgbm-model): a prediction over probe rows once a model loads.
import Trees

/// Rows that reach missing-value branches, both sides of small thresholds, categorical values and extremes.
func probeRows(featureCount: Int) -> (rows: [Double], count: Int) {
    let patterns: [(Int) -> Double] = [
        { _ in .nan },
        { Double($0 % 7) * 0.5 - 1.5 },
        { Double($0 % 5) },
        { _ in 0 },
        { $0 % 2 == 0 ? -1e30 : .infinity },
    ]
    var rows: [Double] = []
    rows.reserveCapacity(patterns.count * featureCount)
    for pattern in patterns { rows.append(contentsOf: (0..<featureCount).map(pattern)) }
    return (rows, patterns.count)
}

func predictProbeRows(_ model: some TreeModel) {
    // A model may declare any feature count; past this the probe rows alone would be the memory problem.
    guard model.featureCount <= 1 << 16 else { return }
    let (rows, count) = probeRows(featureCount: model.featureCount)
    let predictions = model.predict(rows: rows, rowCount: count)
    precondition(predictions.count == count * model.outputsPerRow, "predict answered the wrong number of values")
    precondition(model.residentBytes > 0, "a loaded model without a resident size")
}
