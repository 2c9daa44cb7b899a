import Core

/// One entry of `status.conditions` in Knative's shape, which KServe's resources use.
struct StatusCondition: Sendable, Equatable {
    enum State: String, Sendable {
        case isTrue = "True"
        case isFalse = "False"
        case unknown = "Unknown"
    }

    var type: String
    var status: State
    var reason: String?
    var message: String?

    static func isTrue(_ type: String) -> StatusCondition { StatusCondition(type: type, status: .isTrue) }

    static func isFalse(_ type: String, reason: String, message: String) -> StatusCondition {
        StatusCondition(type: type, status: .isFalse, reason: reason, message: message)
    }

    static func unknown(_ type: String, reason: String, message: String) -> StatusCondition {
        StatusCondition(type: type, status: .unknown, reason: reason, message: message)
    }

    /// The `Ready` condition over `dependents`, as Knative's condition manager derives it: True when every one is
    /// True, else False with the reason and message of the first False one, else Unknown with the first Unknown's.
    static func ready(from dependents: [StatusCondition]) -> StatusCondition {
        if let failed = dependents.first(where: { $0.status == .isFalse }) {
            return StatusCondition(type: "Ready", status: .isFalse, reason: failed.reason, message: failed.message)
        }
        if let pending = dependents.first(where: { $0.status == .unknown }) {
            return StatusCondition(type: "Ready", status: .unknown, reason: pending.reason, message: pending.message)
        }
        return .isTrue("Ready")
    }

    /// The conditions as `status.conditions`: sorted by type, as Knative keeps them, each with a
    /// `lastTransitionTime` that only moves when its status changes from the one in `previous`.
    static func render(_ conditions: [StatusCondition], previous: Value?, now: String) -> Value {
        var earlier: [String: (status: String, time: String)] = [:]
        for entry in previous?.arrayValue ?? [] {
            guard let type = entry["type"]?.stringValue, let status = entry["status"]?.stringValue,
                let time = entry["lastTransitionTime"]?.stringValue
            else { continue }
            earlier[type] = (status, time)
        }
        let rendered: [Value] = conditions.sorted { $0.type < $1.type }.map { condition in
            var object = ValueObject()
            object["type"] = .string(condition.type)
            object["status"] = .string(condition.status.rawValue)
            let before = earlier[condition.type]
            let time = before?.status == condition.status.rawValue ? before?.time ?? now : now
            object["lastTransitionTime"] = .string(time)
            if let reason = condition.reason { object["reason"] = .string(reason) }
            if let message = condition.message { object["message"] = .string(message) }
            return .object(object)
        }
        return .array(rendered)
    }
}
