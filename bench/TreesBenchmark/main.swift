import Core
import Trees

#if canImport(Glibc)
import Glibc
#endif

// Times the native tree executors on one model file: single-row calls and 1000-row batches.
// Usage: trees-bench xgboost|lightgbm MODEL_FILE ROWS_FILE
// ROWS_FILE: JSON array of rows (numbers or null); the same rows the library side times.
// Prints one JSON line: {"single_row_us": median, "batch_1000_us": median}.

func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func fail(_ message: String) -> Never {
    let text = Array("trees-bench: \(message)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 4 else { fail("usage: trees-bench xgboost|lightgbm MODEL_FILE ROWS_FILE") }
let model: any TreeModel
do {
    let bytes = try InputFile.read(arguments[2])
    switch arguments[1] {
    case "xgboost": model = try XGBoostModel.load(bytes: bytes, source: arguments[2])
    case "lightgbm": model = try LightGBMModel.load(bytes: bytes, source: arguments[2])
    default: fail("unknown framework \(arguments[1])")
    }
} catch {
    fail(error.message)
}
let rowsJSON: [Value]
do {
    rowsJSON = try JSONParser.parse(try InputFile.read(arguments[3]), source: arguments[3]).arrayValue ?? []
} catch {
    fail(error.message)
}
let rows: [[Double]] = rowsJSON.map { row in (row.arrayValue ?? []).map { $0.doubleValue ?? .nan } }
guard rows.count >= 1000, rows.allSatisfy({ $0.count == model.featureCount }) else {
    fail("need at least 1000 rows of \(model.featureCount) features")
}

/// Keeps every prediction observable so the optimiser cannot drop the calls.
nonisolated(unsafe) var checksum = 0.0
func consume(_ predictions: TreePredictions) {
    switch predictions {
    case .float32(let values): checksum += Double(values[0])
    case .float64(let values): checksum += values[0]
    }
}

// Single rows: 20 rounds of 1000 calls, one row each; the median per-call time.
var single: [Double] = []
for _ in 0..<20 {
    let start = now()
    for row in rows.prefix(1000) { consume(model.predict(rows: row, rowCount: 1)) }
    single.append(Double(now() - start) / 1000 / 1000)
}
// Batches: 50 calls of 1000 rows each; the median per-call time.
let flat = rows.prefix(1000).flatMap { $0 }
var batch: [Double] = []
for _ in 0..<50 {
    let start = now()
    consume(model.predict(rows: flat, rowCount: 1000))
    batch.append(Double(now() - start) / 1000)
}
print("{\"single_row_us\": \(median(single)), \"batch_1000_us\": \(median(batch)), \"checksum\": \(checksum)}")
