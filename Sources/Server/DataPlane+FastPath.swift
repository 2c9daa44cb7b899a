import HTTPServing
import HTTPTypes
import NIOCore

extension DataPlane {
    /// The answer to an infer request that ``InferenceFastPath`` took: the same work, metrics and error answers as
    /// the router's `POST /v2/models/M/infer` (``inferV2(_:_:)``), without its request and response objects.
    func answer(_ route: FastInferRoute, body: ByteBuffer) async -> FastAnswer {
        do {
            let answer = try await inferV2(model: route.model) { () throws(APIError) in
                try ModelVersion.check(route.version, name: route.model, version: nil)
                return (body, try Self.jsonHeaderLength(route.inferenceHeader), route.model)
            }
            return FastAnswer(answer)
        } catch {
            let failure = RouteFailure.answer(to: error, method: .post, path: route.path)
            if failure.status.code >= 500 {
                log?("error: POST \(route.path): \(failure.status.code) \(failure.message)")
            }
            return FastAnswer(failure)
        }
    }
}
