// libFuzzer harness: a V2 binary tensor extension request, decoded as `POST /v2/models/M/infer` does when the request
// carries `Inference-Header-Content-Length`. The first two bytes of the input (little-endian) are that header's value;
// the rest is the body. An accepted request must re-encode to a binary body that decodes to the same tensor bytes, and
// (when its BYTES elements are UTF-8) to JSON that decodes again. Any violation traps.
import Inference
import Transport

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
    for input in request.inputs {
        do { try input.validate() } catch { fatalError("decoded input does not validate: \(error.message)") }
    }
    do {
        let encoded = try V2BinaryCodec.encodeRequest(request, binaryInputs: true, binaryOutputs: false)
        let again = try V2BinaryCodec.decodeRequest(encoded, source: "re-encoded")
        precondition(again.inputs.count == request.inputs.count, "binary round trip changed the input count")
        for (old, new) in zip(request.inputs, again.inputs) {
            precondition(old.shape == new.shape && old.datatype == new.datatype, "binary round trip changed a tensor")
            precondition(old.data.binaryBytes() == new.data.binaryBytes(), "binary round trip changed tensor data")
        }
    } catch {
        fatalError("binary re-encoding of an accepted request is refused: \(error.message)")
    }
    guard request.inputs.allSatisfy({ $0.data.firstNonUTF8Index == nil }), !hasNonFinite(request) else {
        return 0
    }
    do {
        let text = JSONWriter.bytes(V2JSONCodec.encodeRequest(request))
        let again = try V2JSONCodec.decodeRequest(
            try JSONParser.parse(text, source: "re-encoded", allowNonFinite: true),
            source: "re-encoded"
        )
        precondition(again.inputs.count == request.inputs.count, "JSON round trip changed the input count")
    } catch {
        fatalError("JSON re-encoding of an accepted request is refused: \(error.message)")
    }
    return 0
}

/// JSON writes NaN and infinities as `null` (as KServe's server does), which a request cannot carry back.
func hasNonFinite(_ request: InferRequest) -> Bool {
    request.inputs.contains { input in
        input.data.jsonValues().contains { value in
            if case .double(let number) = value { return !number.isFinite }
            return false
        }
    }
}
