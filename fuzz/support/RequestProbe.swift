// Shared by the V2 request harnesses: the properties every request the decoders accept must have.
import Inference
import Core

/// Traps unless `request`'s tensors validate, its binary re-encoding decodes to the same tensor bytes, and (when its
/// BYTES elements are UTF-8 and its numbers finite) its JSON re-encoding decodes to the same names, shapes and types.
func checkAcceptedRequest(_ request: InferRequest) {
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
    guard request.inputs.allSatisfy({ $0.data.firstNonUTF8Index == nil }), !hasNonFinite(request) else { return }
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
