import Core
import HTTPServing
import HTTPTypes
import Hummingbird
import Inference
import Runtime

extension DataPlane {
    /// Protocol extensions `GET /v2` reports.
    static let extensions = ["binary_tensor_data", "classification", "model_repository", "statistics"]

    /// The Open Inference Protocol (V2 REST) routes, as KServe's python server and Triton answer them.
    func addV2Routes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/") { _, _ in JSONResponse.make(["status": "alive"]) }
        router.get("/v2") { _, _ in
            let metadata = ServerMetadata(name: "kserve", version: self.serverVersion, extensions: Self.extensions)
            return JSONResponse.make(metadata.toJSON())
        }
        router.get("/v2/health/live") { _, _ in JSONResponse.make(["live": true]) }
        router.get("/v2/health/ready") { _, _ in
            guard self.isReady else { throw APIError(.serviceUnavailable, "Server is not ready: models are loading.") }
            return JSONResponse.make(["ready": true])
        }
        router.get("/v2/models") { _, _ in
            let names = await self.repository.names()
            return JSONResponse.make(["models": .array(names.map(Value.string))])
        }
        for prefix in ["/v2/models/{model}", "/v2/models/{model}/versions/{version}"] {
            router.get(RouterPath(prefix)) { request, context in try await self.modelMetadata(request, context) }
            router.get(RouterPath(prefix + "/ready")) { request, context in
                try await self.modelReady(request, context)
            }
            router.post(RouterPath(prefix + "/infer")) { request, context in
                try await self.inferV2(request, context)
            }
        }
    }

    private func modelMetadata(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let name = try PathParameters.model(context)
        let status = try await requireStatus(name)
        try ModelVersion.check(try PathParameters.version(context), status)
        let model = try await acquire(name)
        await release(model)
        var metadata = model.metadata
        metadata.name = AddressedModel.name(request, key: name)
        metadata.versions = [ModelVersion.effective(status)]
        return JSONResponse.make(metadata.toJSON())
    }

    private func modelReady(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let name = try PathParameters.model(context)
        try ModelVersion.check(try PathParameters.version(context), try await requireStatus(name))
        let status = try await probedStatus(name)
        guard ModelReadiness.isReady(status) else {
            throw APIError(.serviceUnavailable, ModelReadiness.notReadyMessage(status))
        }
        return JSONResponse.make(["name": .string(AddressedModel.name(request, key: name)), "ready": true])
    }
}
