// libFuzzer harness: a V2 JSON inference request body, decoded as `POST /v2/models/M/infer` does (JSONParser with
// NaN/Infinity allowed, then V2JSONCodec). A request the decoder accepts must also survive the codecs' own round
// trips: its tensors validate, its JSON re-encoding decodes again, and its binary re-encoding decodes to the same
// tensor bytes. Any violation traps, and libFuzzer saves the input.
import Inference
import Transport

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
    checkAccepted(request)
    return 0
}

/// Properties every accepted request has.
func checkAccepted(_ request: InferRequest) {
    for input in request.inputs {
        do { try input.validate() } catch { fatalError("decoded input does not validate: \(error.message)") }
    }
    do {
        let body = try V2BinaryCodec.encodeRequest(request, binaryInputs: true, binaryOutputs: false)
        let again = try V2BinaryCodec.decodeRequest(body, source: "re-encoded")
        precondition(again.inputs.count == request.inputs.count, "binary round trip changed the input count")
        for (old, new) in zip(request.inputs, again.inputs) {
            precondition(old.shape == new.shape && old.datatype == new.datatype, "binary round trip changed a tensor")
            precondition(old.data.binaryBytes() == new.data.binaryBytes(), "binary round trip changed tensor data")
        }
    } catch {
        fatalError("binary re-encoding of an accepted request is refused: \(error.message)")
    }
    guard !hasNonFinite(request) else { return }
    let text = JSONWriter.bytes(V2JSONCodec.encodeRequest(request))
    do {
        let again = try V2JSONCodec.decodeRequest(
            try JSONParser.parse(text, source: "re-encoded", allowNonFinite: true),
            source: "re-encoded"
        )
        precondition(again.inputs.count == request.inputs.count, "JSON round trip changed the input count")
        for (old, new) in zip(request.inputs, again.inputs) {
            precondition(old.name == new.name && old.shape == new.shape, "JSON round trip changed a tensor")
            precondition(old.datatype == new.datatype, "JSON round trip changed a datatype")
        }
    } catch {
        fatalError("JSON re-encoding of an accepted request is refused: \(error.message)")
    }
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
