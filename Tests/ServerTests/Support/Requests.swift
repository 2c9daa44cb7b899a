import Core
import Inference
import Runtime

/// Inference requests built from fixtures, and readers of the answers.
enum Requests {
    /// A V2 request of every fixture row: FP32 for XGBoost (which computes in float32), FP64 for LightGBM.
    static func v2(_ fixture: TreeFixture, id: String? = nil, outputs: [RequestedOutput] = []) -> InferRequest {
        let shape: [Int64] = [Int64(fixture.rows.count), Int64(fixture.featureCount)]
        let data: TensorData =
            fixture.format == .xgboost ? .fp32(fixture.flatRows.map { Float($0) }) : .fp64(fixture.flatRows)
        return InferRequest(
            id: id,
            inputs: [InferTensor(name: "input-0", shape: shape, data: data)],
            outputs: outputs
        )
    }

    /// A V1 body of every fixture row; NaN goes as `null`.
    static func v1(_ fixture: TreeFixture, key: String = "instances") -> Value {
        let rows: [Value] = fixture.rows.map { row in .array(row.map { $0.isNaN ? .null : .double($0) }) }
        return .object(ValueObject([(key, .array(rows))]))
    }

    /// The values of a decoded output as doubles (FP32 widened exactly).
    static func doubles(_ data: TensorData) -> [Double]? {
        switch data {
        case .fp32(let values): return values.map(Double.init)
        case .fp64(let values): return values
        default: return nil
        }
    }

    /// V1 predictions flattened to doubles: numbers per row, or lists of numbers per row.
    static func v1Predictions(_ json: Value?) -> [Double]? {
        guard let predictions = json?["predictions"]?.arrayValue else { return nil }
        var flat: [Double] = []
        for prediction in predictions {
            if let row = prediction.arrayValue {
                for value in row {
                    guard let number = value.doubleValue else { return nil }
                    flat.append(number)
                }
            } else {
                guard let number = prediction.doubleValue else { return nil }
                flat.append(number)
            }
        }
        return flat
    }

    /// The first output of a V2 JSON answer as doubles.
    static func v2OutputDoubles(_ json: Value) throws -> [Double]? {
        let response = try V2JSONCodec.decodeResponse(json, source: "answer")
        return response.outputs.first.flatMap { doubles($0.data) }
    }

    /// Bit-for-bit equality of two prediction lists (the server must return what the library computed).
    static func identical(_ lhs: [Double], _ rhs: [Double]) -> Bool {
        return lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.bitPattern == $1.bitPattern }
    }
}
