import Core
import HTTPServing
import HTTPTypes
import Hummingbird
import Inference
import NIOCore
import Runtime

extension DataPlane {
    /// The KServe V1 routes: `/v1/models`, `/v1/models/M` and `/v1/models/M:predict`.
    func addV1Routes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/v1/models") { _, _ in
            let names = await self.repository.names()
            return JSONResponse.make(["models": .array(names.map(Value.string))])
        }
        router.get("/v1/models/{model}") { request, context in
            let name = try PathParameters.model(context)
            let status = try await self.probedStatus(name)
            guard ModelReadiness.isReady(status) else {
                throw APIError(.serviceUnavailable, ModelReadiness.notReadyMessage(status))
            }
            return JSONResponse.make(["name": .string(AddressedModel.name(request, key: name)), "ready": true])
        }
        // `M:predict` is one path segment: the verb is split off here rather than by the router.
        router.post("/v1/models/{model}") { request, context in
            let segment = try PathParameters.model(context)
            guard let colon = segment.lastIndex(of: ":") else {
                throw APIError(.notFound, "no route for POST \(request.uri.path): use /v1/models/NAME:predict")
            }
            let name = String(segment[..<colon])
            switch segment[segment.index(after: colon)...] {
            case "predict":
                return try await self.predictV1(request, name: name)
            case "explain":
                throw APIError(.notImplemented, "explain is not supported for model \(name)")
            default:
                throw APIError(.notFound, "no route for POST \(request.uri.path): use /v1/models/NAME:predict")
            }
        }
    }

    /// `POST /v1/models/M:predict`: `{"instances": rows}` or `{"inputs": rows}` -> `{"predictions": ...}`.
    private func predictV1(_ request: Request, name: String) async throws -> Response {
        let answer = try await predictV1(model: name) { () async throws in
            try await BodyReader.buffer(request, limit: maxBodyBytes)
        }
        return JSONResponse.bytes(answer.bytes, contentType: "application/json")
    }

    /// A predict request for model `name` from either way in (the router or ``InferenceFastPath``): a 404 for a
    /// model that is not registered, else the body from `body` and the prediction, with the request's status and
    /// duration recorded in the metrics whichever way it ends.
    func predictV1(model name: String, body: () async throws -> ByteBuffer) async throws -> EncodedAnswer {
        let started = Clock.monotonicNanos()
        guard repository.isRegistered(name) else {
            metrics.recordUnknownModel(wireProtocol: .v1)
            throw APIError.modelNotFound(name)
        }
        var code = 500
        defer {
            metrics.record(model: name, wireProtocol: .v1, status: code, seconds: Self.seconds(since: started))
        }
        do {
            let body = try await body()
            let answer = try await runInference(name, bodyBytes: body.readableBytes) { model, queuedAt in
                Self.predictV1Job(model, body: body, queuedAt: queuedAt)
            }
            code = 200
            return answer
        } catch let error as APIError {
            code = Int(error.status.code)
            throw error
        }
    }

    static func predictV1Job(_ model: LoadedModel, body: ByteBuffer, queuedAt: UInt64) -> InferenceJobResult {
        var stopwatch = InferenceStopwatch(queuedAt: queuedAt)
        do throws(KServeError) {
            let source = "predict request"
            let json = try BodyJSON.parse(body, source: source)
            let request = try V1Codec.decodeRequest(json, source: source)
            let rows: [Value]
            switch request.payload {
            case .instances(let instances):
                rows = instances
            case .inputs(.array(let inputs)):
                rows = inputs
            case .inputs(let other):
                throw KServeError(
                    .invalidInput,
                    "\(source): \"inputs\" is \(other.kindDescription), expected a list of rows"
                )
            }
            stopwatch.decoded(batchSize: rows.count)
            let predictions = try model.predictV1(instances: rows)
            stopwatch.inferred()
            let bytes = JSONWriter.bytes(V1Codec.encodeResponse(V1Response(predictions: predictions)))
            stopwatch.encoded()
            return stopwatch.finished(EncodedAnswer(bytes: bytes))
        } catch {
            return stopwatch.failed(error)
        }
    }
}
