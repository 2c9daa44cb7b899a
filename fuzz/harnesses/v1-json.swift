// libFuzzer harness: a V1 predict body, decoded as `POST /v1/models/M:predict` does (JSONParser with NaN/Infinity
// allowed, then V1Codec). An accepted request must re-encode to JSON that parses and decodes to the same payload.
import Inference
import Core

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzV1Request(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    let request: V1Request
    do {
        let json = try JSONParser.parse(body, source: "predict request", allowNonFinite: true)
        request = try V1Codec.decodeRequest(json, source: "predict request")
    } catch {
        precondition(!error.message.isEmpty, "an error without a message")
        return 0
    }
    let text = JSONWriter.bytes(V1Codec.encodeRequest(request))
    do {
        let again = try V1Codec.decodeRequest(
            try JSONParser.parse(text, source: "re-encoded", allowNonFinite: true),
            source: "re-encoded"
        )
        // NaN != NaN, so payloads are compared through their JSON text.
        let first = JSONWriter.bytes(V1Codec.encodeRequest(again))
        precondition(first == text, "V1 round trip changed the request")
    } catch {
        fatalError("re-encoding of an accepted V1 request is refused: \(error.message)")
    }
    return 0
}
