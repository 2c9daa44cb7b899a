// libFuzzer harness: a V2 binary tensor extension request, decoded as `POST /v2/models/M/infer` does when the request
// carries `Inference-Header-Content-Length`. The first two bytes of the input (little-endian) are that header's value;
// the rest is the body. An accepted request must re-encode to a binary body that decodes to the same tensor bytes, and
// (when its BYTES elements are UTF-8) to JSON that decodes again. Any violation traps.
import Inference
import Core

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzV2BinaryRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let headerLength = Int(data[0]) | Int(data[1]) << 8
    let body = BinaryBody(
        bytes: Array(UnsafeBufferPointer(start: data + 2, count: size - 2)),
        jsonHeaderLength: headerLength
    )
    let request: InferRequest
    do {
        request = try V2BinaryCodec.decodeRequest(body, source: "inference request")
    } catch {
        precondition(!error.message.isEmpty, "an error without a message")
        return 0
    }
    checkAcceptedRequest(request)
    return 0
}
