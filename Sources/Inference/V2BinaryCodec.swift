import Core

/// The binary tensor data extension of V2 REST: a JSON header whose tensors carry `binary_data_size` instead of
/// `data`, followed by those tensors' bytes in header order (see ``TensorData/binaryBytes()`` for the layout).
///
/// A body must be exactly its header plus the binary data the header describes; every mismatch (a header length
/// beyond the body, a `binary_data_size` that is not what the shape needs, bytes missing or left over) is an error
/// naming the tensor, `.invalidInput` for requests and `.badResponse` for responses.
package enum V2BinaryCodec {
    /// Encodes a request. `binaryInputs`: every input's data goes raw after the JSON header (`binary_data_size`
    /// set); `binaryOutputs`: sets `"binary_data_output": true` and `"binary_data": true` on requested outputs.
    /// Inputs are validated first; a BYTES input that is not UTF-8 cannot go as JSON and is an error.
    package static func encodeRequest(
        _ request: InferRequest,
        binaryInputs: Bool,
        binaryOutputs: Bool
    ) throws(KServeError) -> BinaryBody {
        var request = request
        for input in request.inputs {
            let context = "input \"\(input.name)\""
            try input.validate(context: context)
            if !binaryInputs, let bad = input.data.firstNonUTF8Index {
                throw KServeError(
                    .invalidInput,
                    "\(context): BYTES element \(bad) is not valid UTF-8, so it can only be sent as binary data"
                )
            }
        }
        if binaryOutputs {
            request.parameters["binary_data_output"] = true
            for index in request.outputs.indices { request.outputs[index].parameters["binary_data"] = true }
        }
        var bytes = JSONWriter.bytes(V2JSONCodec.encodeRequest(request, binaryInputs: binaryInputs))
        guard binaryInputs, !request.inputs.isEmpty else { return BinaryBody(bytes: bytes, jsonHeaderLength: nil) }
        let headerLength = bytes.count
        for input in request.inputs { input.data.appendBinary(to: &bytes) }
        return BinaryBody(bytes: bytes, jsonHeaderLength: headerLength)
    }

    package static func decodeRequest(_ body: BinaryBody, source: String) throws(KServeError) -> InferRequest {
        var binary = try binarySection(body, source: source)
        let header = try parseHeader(body, source: source)
        let request = try V2JSONCodec.decodeRequest(header, source: source, binary: &binary)
        try checkFullyRead(binary, source: source)
        return request
    }

    /// Encodes a response; the outputs named in `binaryOutputs` go raw after the header, the rest as JSON `data`.
    /// Outputs are not validated here (see ``InferTensor/validate()``).
    package static func encodeResponse(_ response: InferResponse, binaryOutputs: Set<String>) -> BinaryBody {
        var bytes = JSONWriter.bytes(V2JSONCodec.encodeResponse(response, binaryOutputs: binaryOutputs))
        let binary = response.outputs.filter { binaryOutputs.contains($0.name) }
        guard !binary.isEmpty else { return BinaryBody(bytes: bytes, jsonHeaderLength: nil) }
        let headerLength = bytes.count
        for output in binary { output.data.appendBinary(to: &bytes) }
        return BinaryBody(bytes: bytes, jsonHeaderLength: headerLength)
    }

    /// Decodes a response whose outputs may mix JSON `data` and binary data.
    package static func decodeResponse(_ body: BinaryBody, source: String) throws(KServeError) -> InferResponse {
        do {
            var binary = try binarySection(body, source: source)
            let header = try parseHeader(body, source: source)
            let response = try V2JSONCodec.decodeResponse(header, source: source, binary: &binary)
            try checkFullyRead(binary, source: source)
            return response
        } catch {
            throw error.with(code: .badResponse)
        }
    }

    private static func binarySection(_ body: BinaryBody, source: String) throws(KServeError) -> BinaryCursor? {
        guard let length = body.jsonHeaderLength else { return nil }
        guard length >= 0, length <= body.bytes.count else {
            throw KServeError(
                .invalidInput,
                "\(source): JSON header length \(length) does not fit the \(body.bytes.count)-byte body"
            )
        }
        return BinaryCursor(bytes: body.bytes, offset: length)
    }

    private static func parseHeader(_ body: BinaryBody, source: String) throws(KServeError) -> Value {
        guard let length = body.jsonHeaderLength else { return try JSONParser.parse(body.bytes, source: source) }
        return try JSONParser.parse(Array(body.bytes[0..<length]), source: "\(source) (JSON header)")
    }

    private static func checkFullyRead(_ binary: BinaryCursor?, source: String) throws(KServeError) {
        guard let binary, binary.remaining > 0 else { return }
        throw KServeError(
            .invalidInput,
            "\(source): \(TensorShape.counted(binary.remaining, "byte")) after the binary data that the JSON header "
                + "describes"
        )
    }
}
