import Core
import CurlHTTP

/// Talks to one inference server over REST: KServe V1 and the Open Inference Protocol (V2), JSON or binary tensors.
///
/// Calls block the calling thread (libcurl easy interface); a CLI calls them directly, a server must not.
package struct InferenceClient: Sendable {
    package let endpoint: InferenceEndpoint
    private let http: HTTPClient

    package init(endpoint: InferenceEndpoint, http: HTTPClient) {
        self.endpoint = endpoint
        self.http = http
    }

    // MARK: - Prediction

    /// V1 `:predict` with a JSON body (`{"instances": ...}` or `{"inputs": ...}`); returns the parsed answer.
    package func predictV1(model: String, body: [UInt8]) throws(KServeError) -> Value {
        let url = endpoint.url("/v1/models/\(PercentEncoding.encode(model)):predict")
        let response = try send("POST", url, body: body, contentType: "application/json")
        try Self.check(response, url: url, model: model)
        return try Self.parseJSON(response, url: url)
    }

    /// V2 `infer` with a JSON body as given; returns the parsed JSON answer (values exactly as the server wrote them)
    /// or, when the server answers with binary tensors, the decoded response.
    package func inferV2(model: String, jsonBody: [UInt8]) throws(KServeError) -> V2Answer {
        let url = endpoint.url("/v2/models/\(PercentEncoding.encode(model))/infer")
        let response = try send("POST", url, body: jsonBody, contentType: "application/json")
        return try Self.decodeInferAnswer(response, url: url, model: model)
    }

    /// V2 `infer` through the binary tensor extension: inputs sent raw, outputs asked for as binary.
    package func inferV2Binary(model: String, request: InferRequest) throws(KServeError) -> V2Answer {
        let url = endpoint.url("/v2/models/\(PercentEncoding.encode(model))/infer")
        let body = try V2BinaryCodec.encodeRequest(request, binaryInputs: true, binaryOutputs: true)
        var extra = HTTPHeaders()
        if let length = body.jsonHeaderLength { extra.add("Inference-Header-Content-Length", String(length)) }
        let response = try send(
            "POST",
            url,
            body: body.bytes,
            contentType: body.jsonHeaderLength == nil ? "application/json" : "application/octet-stream",
            extra: extra
        )
        return try Self.decodeInferAnswer(response, url: url, model: model)
    }

    // MARK: - Metadata and listing

    /// V2 model metadata (`GET /v2/models/NAME`), returned both parsed and as the server's JSON.
    package func modelMetadata(model: String) throws(KServeError) -> (ModelMetadata, Value) {
        let url = endpoint.url("/v2/models/\(PercentEncoding.encode(model))")
        let response = try send("GET", url)
        try Self.check(response, url: url, model: model)
        let json = try Self.parseJSON(response, url: url)
        return (try ModelMetadata.from(json: json, source: url), json)
    }

    /// Readiness of one model: V2 `/ready` first, then V1 `GET /v1/models/NAME`. Nil if neither route exists.
    package func modelReady(model: String) throws(KServeError) -> Bool? {
        for (path, protocolVersion) in [
            ("/v2/models/\(PercentEncoding.encode(model))/ready", ProtocolVersion.v2),
            ("/v1/models/\(PercentEncoding.encode(model))", ProtocolVersion.v1),
        ] {
            let url = endpoint.url(path)
            let response = try send("GET", url)
            if response.status == 200 {
                let json = try? Self.parseJSON(response, url: url)
                return json?["ready"]?.boolValue ?? true
            }
            // 503 is the protocol's "not ready"; 400 with a body is a server refusing a not-ready model.
            if response.status == 503 { return false }
            if response.status == 404 && protocolVersion == .v2 { continue }
            if response.status == 404 { return nil }
            try Self.check(response, url: url, model: model)
        }
        return nil
    }

    /// Lists the models on the endpoint: the V2 repository index when the server has it, else `/v2/models`
    /// with per-model readiness, else `/v1/models`.
    package func listModels() throws(KServeError) -> (models: [ModelListing], source: ModelListingSource) {
        let indexURL = endpoint.url("/v2/repository/index")
        let index = try send("POST", indexURL, body: Array("{}".utf8), contentType: "application/json")
        if index.status == 200 {
            let json = try Self.parseJSON(index, url: indexURL)
            guard let entries = json.arrayValue else {
                throw KServeError(.badResponse, "POST \(indexURL): expected a JSON array, got \(json.kindDescription)")
            }
            var models: [ModelListing] = []
            for (position, entry) in entries.enumerated() {
                let parsed = try RepositoryIndexEntry.from(json: entry, source: "\(indexURL) [\(position)]")
                models.append(
                    ModelListing(
                        name: parsed.name,
                        version: parsed.version,
                        ready: parsed.state.uppercased() == "READY",
                        state: parsed.state,
                        reason: parsed.reason
                    )
                )
            }
            return (models, .repositoryIndex)
        }
        if !Self.isMissingRoute(index.status) { try Self.check(index, url: indexURL, model: nil) }

        for (path, source) in [("/v2/models", ModelListingSource.v2Models), ("/v1/models", .v1Models)] {
            let url = endpoint.url(path)
            let response = try send("GET", url)
            if Self.isMissingRoute(response.status) { continue }
            try Self.check(response, url: url, model: nil)
            let json = try Self.parseJSON(response, url: url)
            guard let names = json["models"]?.arrayValue else {
                throw KServeError(.badResponse, "GET \(url): expected {\"models\": [...]}, got \(json.kindDescription)")
            }
            var models: [ModelListing] = []
            for name in names {
                guard let name = name.stringValue else {
                    throw KServeError(.badResponse, "GET \(url): model names must be strings")
                }
                models.append(ModelListing(name: name, ready: try modelReady(model: name)))
            }
            return (models, source)
        }
        throw KServeError(
            .notFound,
            "\(endpoint.baseURL) does not look like an inference server: "
                + "POST /v2/repository/index, GET /v2/models and GET /v1/models were all not found"
        )
    }

    // MARK: - Plumbing

    private func send(
        _ method: String,
        _ url: String,
        body: [UInt8]? = nil,
        contentType: String? = nil,
        extra: HTTPHeaders = HTTPHeaders()
    ) throws(KServeError) -> HTTPResponse {
        var headers = endpoint.headers
        if let contentType, headers["Content-Type"] == nil { headers.set("Content-Type", contentType) }
        if headers["Accept"] == nil { headers.set("Accept", "application/json, application/octet-stream") }
        for (name, value) in extra { headers.set(name, value) }
        let request = HTTPRequest(method: method, url: url, headers: headers, body: body, timeout: endpoint.timeout)
        return try http.send(request)
    }

    private static func isMissingRoute(_ status: Int) -> Bool { status == 404 || status == 405 || status == 501 }

    private static func decodeInferAnswer(
        _ response: HTTPResponse,
        url: String,
        model: String
    ) throws(KServeError) -> V2Answer {
        try check(response, url: url, model: model)
        if let lengthText = response.headers["Inference-Header-Content-Length"] {
            guard let length = Int(lengthText.trimmingBlanks()), length >= 0 else {
                throw KServeError(
                    .badResponse,
                    "POST \(url): invalid Inference-Header-Content-Length '\(lengthText)'"
                )
            }
            let body = BinaryBody(bytes: response.body, jsonHeaderLength: length)
            return .binary(try V2BinaryCodec.decodeResponse(body, source: "response of POST \(url)"))
        }
        return .json(try parseJSON(response, url: url))
    }

    private static func parseJSON(_ response: HTTPResponse, url: String) throws(KServeError) -> Value {
        do {
            return try JSONParser.parse(response.body, source: "response of \(url)")
        } catch {
            throw KServeError(.badResponse, "the server's answer is not valid JSON: \(error.message)", cause: error)
        }
    }

    /// Turns a non-2xx answer into an error carrying the status and the server's own message.
    static func check(_ response: HTTPResponse, url: String, model: String?) throws(KServeError) {
        guard !(200..<300).contains(response.status) else { return }
        let serverMessage = serverErrorMessage(response.body)
        let statusText = "\(response.status) \(response.reason)".trimmingBlanks()
        var message = "\(url): HTTP \(statusText)"
        if let serverMessage, !serverMessage.isEmpty { message += ": \(serverMessage)" }
        let code: KServeError.Code
        switch response.status {
        case 400, 422: code = .invalidInput
        case 401, 403: code = .auth
        case 404: code = .notFound
        case 409: code = .conflict
        case 408, 504: code = .timeout
        default: code = .http
        }
        if response.status == 404, let model, serverMessage == nil || serverMessage == "Not Found" {
            message = "model \"\(model)\" not found at \(url) (HTTP 404)"
        }
        throw KServeError(code, message, httpStatus: response.status)
    }

    /// The `error` (KServe, Triton) or `detail` (FastAPI) field of an error body, else its first line of text.
    static func serverErrorMessage(_ body: [UInt8]) -> String? {
        guard !body.isEmpty else { return nil }
        if let json = try? JSONParser.parse(body, source: "error body") {
            if let text = json["error"]?.stringValue ?? json["detail"]?.stringValue ?? json["message"]?.stringValue {
                return text
            }
            return JSONWriter.string(json)
        }
        let text = String(decoding: body.prefix(512), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init)
    }
}

/// The answer of a V2 `infer` call: JSON as the server wrote it, or a response decoded from binary tensors.
package enum V2Answer: Sendable {
    case json(Value)
    case binary(InferResponse)

    /// The answer as the V2 JSON document (binary outputs become `data` arrays).
    package var json: Value {
        switch self {
        case .json(let value): return value
        case .binary(let response): return V2JSONCodec.encodeResponse(response)
        }
    }
}
