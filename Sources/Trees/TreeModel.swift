import Core

/// What a tree ensemble is for, as its model file says.
package enum TreeTask: Sendable, Equatable {
    case regression
    /// One probability (or margin) per row.
    case binaryClassification
    /// `classes` values per row (probabilities), or one class index per row when `outputsPerRow` is 1.
    case multiclass(classes: Int)
}

/// Predictions for a batch of rows, row-major, in the precision the library computes in.
package enum TreePredictions: Sendable, Equatable {
    /// XGBoost computes in float32.
    case float32([Float])
    /// LightGBM computes in float64.
    case float64([Double])

    package var count: Int {
        switch self {
        case .float32(let values): return values.count
        case .float64(let values): return values.count
        }
    }
}

/// A loaded tree ensemble (XGBoost or LightGBM) evaluated natively, as the library's `predict()` would.
///
/// Implementations are immutable after loading and safe to call from many threads at once. `predict` is CPU work:
/// call it off event loops.
package protocol TreeModel: Sendable {
    /// Library name for metadata and errors: "xgboost" or "lightgbm".
    var framework: String { get }
    /// Number of input features each row must have.
    var featureCount: Int { get }
    /// Feature names from the model file, when it has them.
    var featureNames: [String]? { get }
    var task: TreeTask { get }
    /// Values per row that `predict` returns (1 for regression and binary, the class count for probabilities).
    var outputsPerRow: Int { get }
    /// Approximate resident size of the loaded model in bytes (for the repository's memory budget).
    var residentBytes: Int { get }

    /// Predicts `rowCount` rows laid out row-major in `rows` (`featureCount` values each; NaN means missing).
    /// Returns `rowCount * outputsPerRow` values. The caller guarantees `rows.count == rowCount * featureCount`.
    func predict(rows: [Double], rowCount: Int) -> TreePredictions
}
