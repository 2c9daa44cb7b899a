import Resources
import Transport

/// A Kubernetes `metav1.Status` failure: what the API answers instead of an object, and the error the store and the
/// handlers throw (as the cause of a ``KServeError``) so that the answer keeps its reason and causes.
struct KubeStatus: Error, Sendable, Equatable {
    struct Cause: Sendable, Equatable {
        var reason: String
        var message: String
        var field: String?
    }

    var code: Int
    var reason: String
    var message: String
    var name: String?
    var group: String?
    /// The resource plural, as Kubernetes fills `details.kind` for most errors.
    var kind: String?
    var causes: [Cause] = []

    var value: Value {
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
        if !details.isEmpty { object["details"] = .object(details) }
        object["code"] = .int(Int64(code))
        return .object(object)
    }

    /// The error carrying this status, as the store's API throws it.
    var error: KServeError {
        KServeError(Self.errorCode(for: code), message, cause: self, httpStatus: code)
    }

    /// The status for any error: its own when it carries one, else one derived from its code.
    static func from(_ error: KServeError) -> KubeStatus {
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

    static func errorCode(for status: Int) -> KServeError.Code {
        switch status {
        case 400, 422: return .invalidInput
        case 401, 403: return .auth
        case 404: return .notFound
        case 409: return .conflict
        case 415, 405, 406: return .unsupported
        default: return .internal
        }
    }

    // MARK: - The statuses Kubernetes answers

    static func notFound(_ kind: ResourceKind, _ name: String) -> KubeStatus {
        KubeStatus(
            code: 404,
            reason: "NotFound",
            message: "\(kind.plural).\(kind.group) \"\(name)\" not found",
            name: name,
            group: kind.group,
            kind: kind.plural
        )
    }

    static func alreadyExists(_ kind: ResourceKind, _ name: String) -> KubeStatus {
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
    static func modified(_ kind: ResourceKind, _ name: String) -> KubeStatus {
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

    static func invalid(_ kind: ResourceKind, _ name: String, _ causes: [Cause]) -> KubeStatus {
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

    static func badRequest(_ message: String) -> KubeStatus {
        KubeStatus(code: 400, reason: "BadRequest", message: message)
    }

    static func gone(_ message: String) -> KubeStatus {
        KubeStatus(code: 410, reason: "Expired", message: message)
    }

    static func methodNotAllowed(_ message: String) -> KubeStatus {
        KubeStatus(code: 405, reason: "MethodNotAllowed", message: message)
    }
}
