import HTTPServing
import HTTPTypes
import Logging
import NIOCore

extension DataPlane {
    /// The answer to a request that ``InferenceFastPath`` took: the same work, metrics and error answers as the
    /// router's `POST /v2/models/M/infer` and `POST /v1/models/M:predict`, without its request and response objects.
    func answer(_ route: FastInferRoute, body: ByteBuffer) async -> FastAnswer {
        do {
            switch route.wireProtocol {
            case .v1:
                return FastAnswer(try await predictV1(model: route.model) { body })
            case .v2:
                let answer = try await inferV2(model: route.model) { () throws(APIError) in
                    try ModelVersion.check(route.version, name: route.model, version: nil)
                    return (body, try Self.jsonHeaderLength(route.inferenceHeader), route.model)
                }
                return FastAnswer(answer)
            }
        } catch {
            let failure = RouteFailure.answer(to: error, method: .post, path: route.path)
            if failure.status.code >= 500 {
                logger.error(
                    "error: POST \(route.path): \(failure.status.code) \(failure.message)",
                    metadata: ["path": "\(route.path)"]
                )
            }
            return FastAnswer(failure)
        }
    }
}
