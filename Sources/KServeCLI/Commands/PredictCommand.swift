import Core
import Inference

/// `kserve predict`: sends one inference request (V1, V2 JSON or V2 binary) and prints the server's answer.
struct PredictCommand {
    let context: CommandContext

    func run() async throws(KServeError) -> Int32 {
        let invocation = context.invocation
        guard let model = invocation.value(.model), !model.isEmpty else {
            throw KServeError(.usage, "predict needs --model NAME")
        }
        let inputPath = invocation.value(.input) ?? "-"
        let source = InputFile.displayName(inputPath)
        let body = try InputFile.read(inputPath)
        let document = try JSONParser.parse(body, source: source)
        let url = invocation.value(.url).flatMap { $0.isEmpty ? nil : $0 }
        if url != nil, invocation.value(.ingress) != nil {
            throw KServeError(.usage, "--ingress reaches an InferenceService by name and cannot be used with --url")
        }
        var resolved: ResolvedService?
        if url == nil { resolved = try await resolveService(model: model) }
        let protocolVersion = try ProtocolChoice.resolve(
            explicit: invocation.value(.protocol),
            declared: resolved?.protocolVersion,
            document: document,
            source: source
        )
        let binary = invocation.flag(.binary)
        if binary && protocolVersion == .v1 {
            throw KServeError(.usage, "--binary needs the V2 protocol: V1 has no binary tensor format")
        }

        let endpoint: InferenceEndpoint
        if let resolved {
            endpoint = resolved.endpoint
        } else {
            endpoint = try context.inferenceEndpoint()
        }
        let http = try context.makeHTTPClient(timeout: endpoint.timeout, tls: resolved?.tls)
        let client = InferenceClient(endpoint: endpoint, http: http)
        switch protocolVersion {
        case .v1:
            try V1Codec.validateRequest(document, source: source)
            let answer = try client.predictV1(model: model, body: body)
            try printV1(answer)
        case .v2:
            // Decoding checks every tensor (datatype, shape, values) before anything is sent.
            let request = try V2JSONCodec.decodeRequest(document, source: source)
            let answer =
                binary
                ? try client.inferV2Binary(model: model, request: request)
                : try client.inferV2(model: model, jsonBody: body)
            try printV2(answer)
        }
        return ExitStatus.success
    }

    /// `--protocol`, else the predictor's protocolVersion, else what the request body looks like.
    private func printV1(_ answer: Value) throws(KServeError) {
        guard context.outputFormat == "table" else {
            context.printJSON(answer)
            return
        }
        guard let predictions = answer["predictions"]?.arrayValue else {
            throw KServeError(.badResponse, "the V1 answer has no \"predictions\" array; use -o json to see it")
        }
        let rows = predictions.enumerated().map { [String($0.offset), JSONWriter.string($0.element)] }
        context.terminal.out(TableRenderer.render(headers: ["INDEX", "PREDICTION"], rows: rows))
    }

    private func printV2(_ answer: V2Answer) throws(KServeError) {
        guard context.outputFormat == "table" else {
            context.printJSON(answer.json)
            return
        }
        let response: InferResponse
        switch answer {
        case .binary(let decoded): response = decoded
        case .json(let json): response = try V2JSONCodec.decodeResponse(json, source: "the server's answer")
        }
        context.terminal.out(Self.outputTable(response))
    }

    /// Each output tensor's name, datatype, shape and first values.
    static func outputTable(_ response: InferResponse, leading: Int = 8) -> String {
        let rows = response.outputs.map { output -> [String] in
            let values = output.data.jsonValues()
            var shown = values.prefix(leading).map { JSONWriter.string($0) }.joined(separator: ", ")
            if values.count > leading { shown += ", ... (\(values.count) values)" }
            let shape = "[" + output.shape.map(String.init).joined(separator: ",") + "]"
            return [output.name, output.datatype.rawValue, shape, shown]
        }
        return TableRenderer.render(headers: ["OUTPUT", "DATATYPE", "SHAPE", "VALUES"], rows: rows)
    }
}
