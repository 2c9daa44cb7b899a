import Transport

/// A `metav1.Status` failure from the API server; the cause of the ``KServeError`` built from it, so callers can
/// tell `AlreadyExists` from `Conflict` or read the field causes.
public struct KubeStatus: Error, Sendable, CustomStringConvertible {
    public struct Cause: Sendable, Hashable {
        public var reason: String?
        public var message: String?
        public var field: String?
    }

    /// The HTTP status.
    public var code: Int
    /// `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, ... (empty when the body was not a Status).
    public var reason: String
    public var message: String
    public var causes: [Cause]
    public var retryAfterSeconds: Int?

    public var description: String {
        reason.isEmpty ? "HTTP \(code)" : "\(reason) (HTTP \(code))"
    }

    /// Reads a Status object; nil when `value` is not one.
    init?(_ value: Value, httpStatus: Int) {
        guard value["kind"]?.stringValue == "Status" else { return nil }
        code = value["code"]?.int64Value.map { Int($0) } ?? httpStatus
        reason = value["reason"]?.stringValue ?? ""
        message = value["message"]?.stringValue ?? ""
        let details = value["details"]
        causes = (details?["causes"]?.arrayValue ?? []).map { cause in
            Cause(
                reason: cause["reason"]?.stringValue,
                message: cause["message"]?.stringValue,
                field: cause["field"]?.stringValue
            )
        }
        retryAfterSeconds = details?["retryAfterSeconds"]?.int64Value.map { Int($0) }
    }

    init(code: Int, reason: String, message: String) {
        self.code = code
        self.reason = reason
        self.message = message
        causes = []
    }

    /// The error code DESIGN.md's exit codes follow.
    static func errorCode(forStatus status: Int) -> KServeError.Code {
        switch status {
        case 401, 403: .auth
        case 404: .notFound
        case 409: .conflict
        case 400, 422: .invalidInput
        case 504: .timeout
        default: .http
        }
    }

    /// The error for a non-2xx answer: the server's message and causes when it sent a Status, else the status line
    /// and the start of the body.
    static func error(for response: HTTPResponse, method: String, path: String) -> KServeError {
        let parsed = (try? JSONParser.parse(response.body, source: "response")).flatMap {
            KubeStatus($0, httpStatus: response.status)
        }
        guard let status = parsed, !status.message.isEmpty || !status.causes.isEmpty else {
            let fallback = KubeStatus(code: response.status, reason: parsed?.reason ?? "", message: "")
            var message = "\(method) \(path): the API server answered \(response.status) \(response.reason)"
            let text = BodySnippet.snippet(response.body)
            if !text.isEmpty { message += ": " + text }
            return KServeError(
                errorCode(forStatus: response.status),
                message,
                cause: fallback,
                httpStatus: response.status
            )
        }
        var message = status.message.isEmpty ? "\(method) \(path) failed" : status.message
        for cause in status.causes {
            let text = [cause.field, cause.message].compactMap { $0 }.joined(separator: ": ")
            if !text.isEmpty && !message.contains(cause.message ?? text) { message += "\n  " + text }
        }
        return KServeError(errorCode(forStatus: response.status), message, cause: status, httpStatus: response.status)
    }
}
