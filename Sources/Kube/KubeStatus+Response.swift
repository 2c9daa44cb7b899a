import Core
import CurlHTTP
import Resources

extension KubeStatus {
    /// The error for a non-2xx answer: the server's message and causes when it sent a Status, else the status line
    /// and the start of the body.
    package static func error(for response: HTTPResponse, method: String, path: String) -> KServeError {
        let parsed = (try? JSONParser.parse(response.body, source: "response")).flatMap {
            KubeStatus($0, httpStatus: response.status)
        }
        guard let status = parsed, !status.message.isEmpty || !status.causes.isEmpty else {
            let fallback = KubeStatus(code: response.status, reason: parsed?.reason ?? "", message: "")
            var message = "\(method) \(path): the API server answered \(response.status) \(response.reason)"
            let text = BodySnippet.snippet(response.body)
            if !text.isEmpty { message += ": " + text }
            return KServeError(
                Self.errorCode(forStatus: response.status),
                message,
                cause: fallback,
                httpStatus: response.status
            )
        }
        var message = status.message.isEmpty ? "\(method) \(path) failed" : status.message
        for cause in status.causes {
            let text = [cause.field, cause.message.isEmpty ? nil : cause.message].compactMap { $0 }
                .joined(separator: ": ")
            if !text.isEmpty && !message.contains(cause.message.isEmpty ? text : cause.message) {
                message += "\n  " + text
            }
        }
        return KServeError(
            Self.errorCode(forStatus: response.status),
            message,
            cause: status,
            httpStatus: response.status
        )
    }
}
