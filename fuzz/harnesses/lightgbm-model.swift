// libFuzzer harness: a LightGBM text model file, loaded as the model repository does (LightGBMModel.load), and when it
// loads, a prediction over a few rows (all missing, small values, categories, zeros, extremes). A loaded model must
// answer `rowCount * outputsPerRow` values without trapping. Any crash, trap or sanitizer report is a finding.
import Core
import Trees

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLightGBMModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let model: LightGBMModel
    do {
        model = try LightGBMModel.load(bytes: bytes, source: "model.txt")
    } catch {
        precondition(!error.message.isEmpty, "an error without a message")
        return 0
    }
    predictProbeRows(model)
    return 0
}
