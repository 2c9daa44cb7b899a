import Core
import HTTPServing
import HTTPTypes
import Hummingbird
import Inference
import NIOCore
import Runtime

extension DataPlane {
    static let inferenceHeaderName = HTTPField.Name(BinaryBody.headerName)

    /// `POST /v2/models/M[/versions/V]/infer`: JSON or binary tensor data in, the same out as the request asks.
    func inferV2(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let name = try PathParameters.model(context)
        let answer = try await inferV2(model: name) { () async throws in
            try ModelVersion.check(try PathParameters.version(context), name: name, version: nil)
            let body = try await BodyReader.buffer(request, limit: maxBodyBytes)
            let headerLength = try Self.jsonHeaderLength(Self.inferenceHeaderName.flatMap { request.headers[$0] })
            return (body, headerLength, AddressedModel.name(request, key: name))
        }
        guard let jsonLength = answer.jsonHeaderLength else {
            return JSONResponse.bytes(answer.bytes, contentType: "application/json")
        }
        var response = JSONResponse.bytes(answer.bytes, contentType: BinaryBody.contentType)
        if let field = Self.inferenceHeaderName { response.headers[field] = String(jsonLength) }
        return response
    }

    /// An infer request for model `name` from either way in (the router or ``InferenceFastPath``): a 404 for a model
    /// that is not registered, else `prepare` (the version check and the body; its errors are the request's), then
    /// the inference, with the request's status and duration recorded in the metrics whichever way it ends.
    func inferV2(
        model name: String,
        prepare: () async throws -> (body: ByteBuffer, headerLength: Int?, shownName: String)
    ) async throws -> EncodedAnswer {
        let started = Clock.monotonicNanos()
        guard repository.isRegistered(name) else {
            metrics.recordUnknownModel(wireProtocol: .v2)
            throw APIError.modelNotFound(name)
        }
        var code = 500
        defer {
            metrics.record(model: name, wireProtocol: .v2, status: code, seconds: Self.seconds(since: started))
        }
        do {
            // Registered models have one version each, the implicit one (no ModelStatus has a version of its own):
            // checked without a hop onto the repository.
            let version = ModelVersion.effective(nil as String?)
            let (body, headerLength, shownName) = try await prepare()
            let answer = try await runInference(name, bodyBytes: body.readableBytes) { model, queuedAt in
                Self.inferV2Job(
                    model,
                    body: body,
                    headerLength: headerLength,
                    version: version,
                    modelName: shownName,
                    queuedAt: queuedAt
                )
            }
            code = 200
            return answer
        } catch let error as APIError {
            code = Int(error.status.code)
            throw error
        }
    }

    /// Holds the model and one of its inference slots for the job (so that the model's concurrency limit holds on
    /// both paths below), runs the job and records its timings; the wait for a slot counts as queue time.
    ///
    /// A job on a small body for a small model (see ``runsInline(model:bodyBytes:)``) runs in the request's own task:
    /// it costs microseconds, less than handing it to an inference thread and back. Every other job runs on the
    /// repository's inference threads. Neither runs on an event loop.
    func runInference(
        _ name: String,
        bodyBytes: Int,
        _ job: @escaping @Sendable (LoadedModel, UInt64) -> InferenceJobResult
    ) async throws(APIError) -> EncodedAnswer {
        let queuedAt = Clock.monotonicNanos()
        let model = try await acquireInference(name)
        let result: InferenceJobResult
        if Self.runsInline(model: model, bodyBytes: bodyBytes) {
            result = job(model, queuedAt)
        } else {
            do {
                result = try await run { job(model, queuedAt) }
            } catch {
                await repository.releaseInference(model, recording: nil)
                throw APIError.inference(error)
            }
        }
        await repository.releaseInference(model, recording: result.outcome)
        switch result.answer {
        case .success(let answer): return answer
        case .failure(let error): throw APIError.inference(error)
        }
    }

    /// Decodes, predicts and encodes on a worker thread; the answer's `model_name` is `modelName` (the name the
    /// client used, see ``AddressedModel``).
    static func inferV2Job(
        _ model: LoadedModel,
        body: ByteBuffer,
        headerLength: Int?,
        version: String,
        modelName: String,
        queuedAt: UInt64
    ) -> InferenceJobResult {
        var stopwatch = InferenceStopwatch(queuedAt: queuedAt)
        do throws(KServeError) {
            let source = "inference request"
            let request: InferRequest
            if let headerLength {
                request = try V2BinaryCodec.decodeRequest(
                    BinaryBody(bytes: Array(body.readableBytesView), jsonHeaderLength: headerLength),
                    source: source
                )
            } else {
                let json = try BodyJSON.parse(body, source: source)
                request = try V2JSONCodec.decodeRequest(json, source: source)
            }
            stopwatch.decoded(batchSize: batchSize(request))
            var response = try model.infer(request)
            response.modelName = modelName
            response.modelVersion = version
            stopwatch.inferred()
            let binary = request.binaryOutputs(among: response.outputs.map(\.name))
            let answer: EncodedAnswer
            if binary.isEmpty {
                answer = EncodedAnswer(bytes: JSONWriter.bytes(V2JSONCodec.encodeResponse(response)))
            } else {
                let body = V2BinaryCodec.encodeResponse(response, binaryOutputs: binary)
                answer = EncodedAnswer(bytes: body.bytes, jsonHeaderLength: body.jsonHeaderLength)
            }
            stopwatch.encoded()
            return stopwatch.finished(answer)
        } catch {
            return stopwatch.failed(error)
        }
    }

    /// Bodies up to this size carry a few rows at most.
    static let inlineBodyBytes = 4096
    /// Models up to this size (flattened trees) evaluate a row in microseconds.
    static let inlineModelBytes = 256 << 10

    /// Whether a job is small enough to run in the request's task rather than on an inference thread.
    static func runsInline(model: LoadedModel, bodyBytes: Int) -> Bool {
        bodyBytes <= inlineBodyBytes && model.residentBytes <= inlineModelBytes
    }

    /// Rows in a request: the first dimension of a 2-D (or higher) first input, else 1.
    static func batchSize(_ request: InferRequest) -> Int {
        guard let shape = request.inputs.first?.shape, shape.count >= 2 else { return 1 }
        return Int(clamping: shape[0])
    }

    /// The `Inference-Header-Content-Length` of a binary tensor data request (the header's value), nil for a JSON
    /// one.
    static func jsonHeaderLength(_ value: String?) throws(APIError) -> Int? {
        guard let value else { return nil }
        guard let length = Int(value), length >= 0 else {
            throw APIError(.badRequest, "\(BinaryBody.headerName) is \"\(value)\", expected a byte count")
        }
        return length
    }

    static func seconds(since start: UInt64) -> Double {
        Double(Clock.nanos(since: start)) / 1e9
    }
}
