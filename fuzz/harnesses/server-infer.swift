// libFuzzer harness: what `kserve serve` does with an inference request body once the model is loaded, end to end
// short of HTTP: decode (V2 JSON, V2 binary or V1), run the model (LoadedModel.infer / predictV1, which turn tensors
// into rows, check shapes, run the executor and build the classification output) and encode the answer as the
// routes do. The first input byte picks the protocol (bits 0-1) and the model (bits 2-4) among fixture models loaded
// once; for V2 binary the next two bytes (little-endian) are Inference-Header-Content-Length. Errors are answers;
// only a crash, a trap or a sanitizer report is a finding.
import Inference
import Runtime
import Core
import Trees

/// Small fixture models of each kind of output: binary, multiclass probabilities, class index, regression.
let modelFiles: [(String, ModelFormat)] = [
    ("Tests/TreesTests/Fixtures/xgboost/binary_logistic.json", .xgboost),
    ("Tests/TreesTests/Fixtures/xgboost/multi_softprob.json", .xgboost),
    ("Tests/TreesTests/Fixtures/xgboost/multi_softmax.json", .xgboost),
    ("Tests/TreesTests/Fixtures/xgboost/categorical.json", .xgboost),
    ("Tests/TreesTests/Fixtures/lightgbm/multiclass.txt", .lightgbm),
    ("Tests/TreesTests/Fixtures/lightgbm/binary_nan.txt", .lightgbm),
    ("Tests/TreesTests/Fixtures/lightgbm/categorical_regression_nan.txt", .lightgbm),
    ("Tests/TreesTests/Fixtures/lightgbm/linear_tree.txt", .lightgbm),
]

let models: [LoadedModel] = modelFiles.map { path, format in
    do {
        let bytes = try InputFile.read(path)
        let tree = try ModelLoader.standard.load(format, bytes, path)
        return LoadedModel(name: "m", format: format, tree: tree)
    } catch {
        fatalError("cannot load \(path) (run the fuzzer from the repository root): \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzServerInfer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let model = models[Int(data[0] >> 2) % models.count]
    let input = UnsafeBufferPointer(start: data + 1, count: size - 1)
    do throws(KServeError) {
        switch data[0] & 3 {
        case 0, 3:
            let json = try JSONParser.parse(Array(input), source: "inference request", allowNonFinite: true)
            try answerV2(model, try V2JSONCodec.decodeRequest(json, source: "inference request"))
        case 1:
            guard input.count >= 2 else { return 0 }
            let body = BinaryBody(
                bytes: Array(input.dropFirst(2)),
                jsonHeaderLength: Int(input[0]) | Int(input[1]) << 8
            )
            try answerV2(model, try V2BinaryCodec.decodeRequest(body, source: "inference request"))
        default:
            let json = try JSONParser.parse(Array(input), source: "predict request", allowNonFinite: true)
            let request = try V1Codec.decodeRequest(json, source: "predict request")
            guard case .instances(let rows) = request.payload else { return 0 }
            let predictions = try model.predictV1(instances: rows)
            precondition(predictions.count == rows.count, "V1 answered \(predictions.count) rows for \(rows.count)")
            _ = JSONWriter.bytes(V1Codec.encodeResponse(V1Response(predictions: predictions)))
        }
    } catch {
        precondition(error.code != .internal, "internal error: \(error.message)")
    }
    return 0
}

/// The V2 route's answer: infer, then JSON or binary outputs as the request asks.
func answerV2(_ model: LoadedModel, _ request: InferRequest) throws(KServeError) {
    let response = try model.infer(request)
    let binary = request.binaryOutputs(among: response.outputs.map(\.name))
    if binary.isEmpty {
        _ = JSONWriter.bytes(V2JSONCodec.encodeResponse(response))
    } else {
        _ = V2BinaryCodec.encodeResponse(response, binaryOutputs: binary)
    }
}
