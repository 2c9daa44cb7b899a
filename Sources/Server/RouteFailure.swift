import Core
import HTTPServing
import HTTPTypes
import Hummingbird

/// The answer to an error a route throws, whichever way the request came in (``ErrorMiddleware`` behind the router,
/// ``InferenceFastPath`` in front of it).
enum RouteFailure {
    /// The answer to a route's error, for ``InferenceFastPath`` too.
    static func answer(to error: any Error, method: HTTPRequest.Method, path: String) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as KServeError:
            return APIError.inference(error)
        case let error as HTTPError:
            return APIError(
                error.status,
                error.body ?? message(for: error.status, method: method, path: path),
                headers: error.headers
            )
        case let error as any HTTPResponseError:
            return APIError(error.status, message(for: error.status, method: method, path: path))
        default:
            return APIError(.internalServerError, "internal error: \(error)")
        }
    }

    static func message(for status: HTTPResponse.Status, method: HTTPRequest.Method, path: String) -> String {
        switch status {
        case .notFound: return "no route for \(method) \(path)"
        case .contentTooLarge: return "request body is larger than the server accepts"
        default: return status.reasonPhrase
        }
    }
}
