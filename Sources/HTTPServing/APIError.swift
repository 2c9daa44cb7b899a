import Core
import HTTPTypes
import Hummingbird

/// An error answer: an HTTP status and a message, sent as `{"error": "message"}` as KServe's python server does.
package struct APIError: Error, HTTPResponseError, Sendable {
    package var status: HTTPResponse.Status
    package var message: String
    package var headers: HTTPFields = [:]

    package init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(["error": .string(message)], status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    package static func modelNotFound(_ name: String) -> APIError {
        APIError(.notFound, "Model with name \(name) does not exist.")
    }

    /// A failure to get a model ready for a request: unknown (404) or not ready (503), as KServe answers.
    package static func acquiring(_ name: String, _ error: KServeError) -> APIError {
        if error.code == .notFound { return modelNotFound(name) }
        if let status = error.httpStatus { return APIError(.init(code: status), error.message) }
        return APIError(.serviceUnavailable, "Model with name \(name) is not ready: \(error.message)")
    }

    /// A failure while decoding or running a request: the client's fault (400) or the server's (500).
    package static func inference(_ error: KServeError) -> APIError {
        if let status = error.httpStatus { return APIError(.init(code: status), error.message) }
        switch error.code {
        case .invalidInput, .usage: return APIError(.badRequest, error.message)
        case .notFound: return APIError(.notFound, error.message)
        case .unavailable: return APIError(.serviceUnavailable, error.message)
        case .unsupported: return APIError(.notImplemented, error.message)
        case .resourceExhausted: return APIError(.contentTooLarge, error.message)
        default: return APIError(.internalServerError, error.message)
        }
    }
}
