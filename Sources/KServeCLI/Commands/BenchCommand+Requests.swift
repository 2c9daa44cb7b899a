import Bench
import Core
import Inference

/// The request of every model of a run, checked and encoded once: from `--input` (V1 or V2 JSON, optionally
/// re-encoded as binary tensors) or made up from each model's metadata (`--random`).
struct BenchRequests {
    var templates: [RequestTemplate]
    var protocolVersion: ProtocolVersion

    static func make(
        models: [String],
        settings: BenchSettings,
        client: InferenceClient,
        target: BenchTarget,
        endpoint: InferenceEndpoint
    ) throws(KServeError) -> BenchRequests {
        let protocolVersion: ProtocolVersion
        var bodies: [Body] = []
        if let path = settings.inputPath {
            let source = InputFile.displayName(path)
            let bytes = try InputFile.read(path)
            let document = try JSONParser.parse(bytes, source: source)
            protocolVersion = try ProtocolChoice.resolve(
                explicit: settings.explicitProtocol,
                document: document,
                source: source
            )
            let body = try encode(document, bytes: bytes, protocolVersion, binary: settings.binary, source: source)
            for model in models {
                try check(model, protocolVersion, client: client)
                bodies.append(body)
            }
        } else {
            protocolVersion = try ProtocolChoice.resolve(explicit: settings.explicitProtocol, document: nil, source: "")
            for (index, model) in models.enumerated() {
                let metadata = try metadata(model, client: client)
                let request = try RandomInputs.request(
                    for: metadata,
                    shapes: settings.shapes,
                    batch: settings.batch,
                    seed: settings.seed &+ UInt64(index)
                )
                bodies.append(try encode(request, protocolVersion, binary: settings.binary))
            }
        }
        var templates: [RequestTemplate] = []
        for (model, body) in zip(models, bodies) {
            let segment = PercentEncoding.encode(model)
            let path =
                target.basePath
                + (protocolVersion == .v1 ? "/v1/models/\(segment):predict" : "/v2/models/\(segment)/infer")
            var headers = endpoint.headers.map { (name: $0.name, value: $0.value) }
            if let length = body.jsonHeaderLength { headers.append((BinaryBody.headerName, String(length))) }
            templates.append(
                RequestTemplate(
                    model: model,
                    path: path,
                    target: target,
                    contentType: body.jsonHeaderLength == nil ? "application/json" : BinaryBody.contentType,
                    headers: headers,
                    body: body.bytes
                )
            )
        }
        return BenchRequests(templates: templates, protocolVersion: protocolVersion)
    }

    private typealias Body = BinaryBody

    private static func encode(
        _ document: Value,
        bytes: [UInt8],
        _ protocolVersion: ProtocolVersion,
        binary: Bool,
        source: String
    ) throws(KServeError) -> Body {
        switch protocolVersion {
        case .v1:
            if binary { throw KServeError(.usage, "--binary needs the V2 protocol: V1 has no binary tensor format") }
            try V1Codec.validateRequest(document, source: source)
            return Body(bytes: bytes, jsonHeaderLength: nil)
        case .v2:
            // Decoding checks every tensor before anything is sent.
            let request = try V2JSONCodec.decodeRequest(document, source: source)
            guard binary else { return Body(bytes: bytes, jsonHeaderLength: nil) }
            return try V2BinaryCodec.encodeRequest(request, binaryInputs: true, binaryOutputs: true)
        }
    }

    private static func encode(
        _ request: InferRequest,
        _ protocolVersion: ProtocolVersion,
        binary: Bool
    ) throws(KServeError) -> Body {
        switch protocolVersion {
        case .v1:
            if binary { throw KServeError(.usage, "--binary needs the V2 protocol: V1 has no binary tensor format") }
            return Body(bytes: JSONWriter.bytes(RandomInputs.v1Body(from: request)), jsonHeaderLength: nil)
        case .v2:
            return try V2BinaryCodec.encodeRequest(request, binaryInputs: binary, binaryOutputs: binary)
        }
    }

    /// The model must exist (and be ready) before load starts: an unknown model is an error, not a run of 404s.
    private static func check(
        _ model: String,
        _ protocolVersion: ProtocolVersion,
        client: InferenceClient
    ) throws(KServeError) {
        let ready: Bool?
        do {
            ready = try client.modelReady(model: model)
        } catch {
            throw unknown(model, error, client: client)
        }
        guard let ready else {
            throw KServeError(.invalidInput, "unknown model \"\(model)\" at \(client.endpoint.baseURL)")
        }
        guard ready else {
            throw KServeError(.invalidInput, "model \"\(model)\" at \(client.endpoint.baseURL) is not ready")
        }
    }

    private static func metadata(_ model: String, client: InferenceClient) throws(KServeError) -> ModelMetadata {
        do {
            return try client.modelMetadata(model: model).0
        } catch {
            throw unknown(model, error, client: client)
        }
    }

    /// A 404 becomes "unknown model" (exit 1 like every failure before the load starts); other errors pass.
    private static func unknown(_ model: String, _ error: KServeError, client: InferenceClient) -> KServeError {
        guard error.code == .notFound else { return error }
        return KServeError(
            .invalidInput,
            "unknown model \"\(model)\" at \(client.endpoint.baseURL): \(error.message)",
            cause: error
        )
    }
}
