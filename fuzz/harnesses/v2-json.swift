// libFuzzer harness: a V2 JSON inference request body, decoded as `POST /v2/models/M/infer` does (JSONParser with
// NaN/Infinity allowed, then V2JSONCodec). A request the decoder accepts must also survive the codecs' own round
// trips: its tensors validate, its JSON re-encoding decodes again, and its binary re-encoding decodes to the same
// tensor bytes. Any violation traps, and libFuzzer saves the input.
import Inference
import Core

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzV2JSONRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    let request: InferRequest
    do {
        let json = try JSONParser.parse(body, source: "inference request", allowNonFinite: true)
        request = try V2JSONCodec.decodeRequest(json, source: "inference request")
    } catch {
        precondition(!error.message.isEmpty, "an error without a message")
        return 0
    }
    checkAcceptedRequest(request)
    return 0
}
