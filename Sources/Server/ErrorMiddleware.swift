import Core
import HTTPServing
import HTTPTypes
import Hummingbird

/// Turns every error a route throws into a `{"error": "..."}` answer, so that clients of KServe and Triton can
/// read the reason, and logs the ones that are the server's fault.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let log: (@Sendable (String) -> Void)?

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var failure: APIError
        do {
            return try await next(request, context)
        } catch let error as APIError {
            failure = error
        } catch let error as KServeError {
            failure = APIError.inference(error)
        } catch let error as HTTPError {
            failure = APIError(
                error.status,
                error.body ?? Self.message(for: error.status, request: request),
                headers: error.headers
            )
        } catch let error as any HTTPResponseError {
            failure = APIError(error.status, Self.message(for: error.status, request: request))
        } catch {
            failure = APIError(.internalServerError, "internal error: \(error)")
        }
        if failure.status.code >= 500 {
            log?("error: \(request.method) \(request.uri.path): \(failure.status.code) \(failure.message)")
        }
        failure.message = AddressedModel.reworded(failure.message, request: request)
        return try failure.response(from: request, context: context)
    }

    static func message(for status: HTTPResponse.Status, request: Request) -> String {
        switch status {
        case .notFound: return "no route for \(request.method) \(request.uri.path)"
        case .contentTooLarge: return "request body is larger than the server accepts"
        default: return status.reasonPhrase
        }
    }
}
