import Core
import HTTPServing
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error a route throws into a `{"error": "..."}` answer, so that clients of KServe and Triton can
/// read the reason, and logs the ones that are the server's fault.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var failure: APIError
        do {
            return try await next(request, context)
        } catch {
            failure = RouteFailure.answer(to: error, method: request.method, path: request.uri.path)
        }
        if failure.status.code >= 500 {
            logger.error(
                "error: \(request.method) \(request.uri.path): \(failure.status.code) \(failure.message)",
                metadata: ["path": "\(request.uri.path)"]
            )
        }
        failure.message = AddressedModel.reworded(failure.message, request: request)
        return try failure.response(from: request, context: context)
    }
}
