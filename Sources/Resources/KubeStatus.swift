import Core

/// A Kubernetes `metav1.Status` failure: what an API server answers instead of an object. The control plane throws
/// it and sends it; the Kube client reads it back. Either way it is the cause of a ``KServeError`` so that callers
/// can tell `AlreadyExists` from `Conflict` or read the field causes.
package struct KubeStatus: Error, Sendable, Equatable, CustomStringConvertible {
    package struct Cause: Sendable, Hashable {
        package var reason: String
        package var message: String
        package var field: String?

        package init(reason: String, message: String, field: String? = nil) {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    /// The HTTP status.
    package var code: Int
    /// `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, ... (empty when an answer was not a Status).
    package var reason: String
    package var message: String
    package var name: String?
    package var group: String?
    /// The resource plural, as Kubernetes fills `details.kind` for most errors.
    package var kind: String?
    package var causes: [Cause] = []
    package var retryAfterSeconds: Int?

    package init(
        code: Int,
        reason: String,
        message: String,
        name: String? = nil,
        group: String? = nil,
        kind: String? = nil,
        causes: [Cause] = []
    ) {
        self.code = code
        self.reason = reason
        self.message = message
        self.name = name
        self.group = group
        self.kind = kind
        self.causes = causes
    }

    package var description: String {
        reason.isEmpty ? "HTTP \(code)" : "\(reason) (HTTP \(code))"
    }

    /// Reads a Status object; nil when `value` is not one. `httpStatus` stands in for a missing `code`.
    package init?(_ value: Value, httpStatus: Int) {
        guard value["kind"]?.stringValue == "Status" else { return nil }
        code = value["code"]?.int64Value.map { Int($0) } ?? httpStatus
        reason = value["reason"]?.stringValue ?? ""
        message = value["message"]?.stringValue ?? ""
        let details = value["details"]
        name = details?["name"]?.stringValue
        group = details?["group"]?.stringValue
        kind = details?["kind"]?.stringValue
        causes = (details?["causes"]?.arrayValue ?? []).map { cause in
            Cause(
                reason: cause["reason"]?.stringValue ?? "",
                message: cause["message"]?.stringValue ?? "",
                field: cause["field"]?.stringValue
            )
        }
        retryAfterSeconds = details?["retryAfterSeconds"]?.int64Value.map { Int($0) }
    }

    /// The Status object as an API server sends it.
    package var value: Value {
        var object: ValueObject = [
            "kind": "Status", "apiVersion": "v1", "metadata": .object([:]), "status": "Failure",
            "message": .string(message), "reason": .string(reason),
        ]
        var details = ValueObject()
        if let name { details["name"] = .string(name) }
        if let group { details["group"] = .string(group) }
        if let kind { details["kind"] = .string(kind) }
        if !causes.isEmpty {
            details["causes"] = .array(
                causes.map { cause in
                    var entry: ValueObject = ["reason": .string(cause.reason), "message": .string(cause.message)]
                    if let field = cause.field { entry["field"] = .string(field) }
                    return .object(entry)
                }
            )
        }
        if let retryAfterSeconds { details["retryAfterSeconds"] = .int(Int64(retryAfterSeconds)) }
        if !details.isEmpty { object["details"] = .object(details) }
        object["code"] = .int(Int64(code))
        return .object(object)
    }

    /// The error carrying this status.
    package var error: KServeError {
        KServeError(Self.errorCode(forStatus: code), message, cause: self, httpStatus: code)
    }

    /// The status for any error: its own when it carries one, else one derived from its code.
    package static func from(_ error: KServeError) -> KubeStatus {
        if let status = error.cause as? KubeStatus { return status }
        switch error.code {
        case .notFound: return KubeStatus(code: 404, reason: "NotFound", message: error.message)
        case .conflict: return KubeStatus(code: 409, reason: "Conflict", message: error.message)
        case .invalidInput, .usage: return KubeStatus(code: 400, reason: "BadRequest", message: error.message)
        case .unsupported: return KubeStatus(code: 415, reason: "UnsupportedMediaType", message: error.message)
        case .auth: return KubeStatus(code: 401, reason: "Unauthorized", message: error.message)
        default: return KubeStatus(code: 500, reason: "InternalError", message: error.message)
        }
    }

    /// The error code (and so the exit code of DESIGN.md) for an HTTP status of the Kubernetes API.
    package static func errorCode(forStatus status: Int) -> KServeError.Code {
        switch status {
        case 400, 422: .invalidInput
        case 401, 403: .auth
        case 404: .notFound
        case 409: .conflict
        case 405, 406, 415: .unsupported
        case 504: .timeout
        default: .http
        }
    }

    /// The `reason` Kubernetes gives an HTTP status.
    package static func reason(forStatus code: Int) -> String {
        switch code {
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 405: "MethodNotAllowed"
        case 409: "Conflict"
        case 410: "Expired"
        case 413: "RequestEntityTooLarge"
        case 415: "UnsupportedMediaType"
        case 422: "Invalid"
        case 429: "TooManyRequests"
        case 503: "ServiceUnavailable"
        default: "InternalError"
        }
    }

    // MARK: - The statuses Kubernetes answers

    package static func notFound(_ kind: ResourceKind, _ name: String) -> KubeStatus {
        KubeStatus(
            code: 404,
            reason: "NotFound",
            message: "\(kind.plural).\(kind.group) \"\(name)\" not found",
            name: name,
            group: kind.group,
            kind: kind.plural
        )
    }

    package static func alreadyExists(_ kind: ResourceKind, _ name: String) -> KubeStatus {
        KubeStatus(
            code: 409,
            reason: "AlreadyExists",
            message: "\(kind.plural).\(kind.group) \"\(name)\" already exists",
            name: name,
            group: kind.group,
            kind: kind.plural
        )
    }

    /// An optimistic-concurrency failure: the client's resourceVersion is stale.
    package static func modified(_ kind: ResourceKind, _ name: String) -> KubeStatus {
        KubeStatus(
            code: 409,
            reason: "Conflict",
            message: "Operation cannot be fulfilled on \(kind.plural).\(kind.group) \"\(name)\": the object has been "
                + "modified; please apply your changes to the latest version and try again",
            name: name,
            group: kind.group,
            kind: kind.plural
        )
    }

    package static func invalid(_ kind: ResourceKind, _ name: String, _ causes: [Cause]) -> KubeStatus {
        let list = causes.map { cause in (cause.field.map { "\($0): " } ?? "") + cause.message }
        let summary = list.count == 1 ? list[0] : "[" + list.joined(separator: ", ") + "]"
        return KubeStatus(
            code: 422,
            reason: "Invalid",
            message: "\(kind.kind).\(kind.group) \"\(name)\" is invalid: \(summary)",
            name: name,
            group: kind.group,
            kind: kind.kind,
            causes: causes
        )
    }

    package static func badRequest(_ message: String) -> KubeStatus {
        KubeStatus(code: 400, reason: "BadRequest", message: message)
    }

    package static func gone(_ message: String) -> KubeStatus {
        KubeStatus(code: 410, reason: "Expired", message: message)
    }

    package static func methodNotAllowed(_ message: String) -> KubeStatus {
        KubeStatus(code: 405, reason: "MethodNotAllowed", message: message)
    }
}
