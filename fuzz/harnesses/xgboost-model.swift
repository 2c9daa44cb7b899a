// libFuzzer harness: an XGBoost JSON model file, loaded as the model repository does (XGBoostModel.load), and when it
// loads, a prediction over a few rows (all missing, small values, categories, zeros, extremes). A loaded model must
// answer `rowCount * outputsPerRow` values without trapping. Any crash, trap or sanitizer report is a finding.
import Core
import Trees

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXGBoostModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let model: XGBoostModel
    do {
        model = try XGBoostModel.load(bytes: bytes, source: "model.json")
    } catch {
        precondition(!error.message.isEmpty, "an error without a message")
        return 0
    }
    predictProbeRows(model)
    return 0
}
