import Core

/// What a waiting command reads from an object's `status`: readiness (generation-aware, like `kubectl wait`),
/// a terminal failure, and a one-line summary of where it stands.
struct ResourceStatus: Equatable {
    enum State: Equatable {
        /// `Ready` is True for the current generation.
        case ready
        /// Still converging.
        case progressing
        /// It will not become Ready without a change of spec: the reason says why.
        case failed(String)
    }

    var state: State
    /// Condition messages and model state, for progress lines.
    var summary: String

    init(_ object: Value) {
        let status = object["status"]
        let generation = object["metadata"]?["generation"]?.int64Value
        let observed = status?["observedGeneration"]?.int64Value
        let current = generation == nil || observed == nil || (observed ?? 0) >= (generation ?? 0)
        let conditions = status?["conditions"]?.arrayValue ?? []
        let ready = conditions.first { $0["type"]?.stringValue == "Ready" }
        let modelStatus = status?["modelStatus"]

        var parts: [String] = []
        if !current { parts.append("waiting for generation \(generation ?? 0) to be observed") }
        for condition in conditions {
            guard let type = condition["type"]?.stringValue, condition["status"]?.stringValue != "True" else {
                continue
            }
            var text = "\(type)=\(condition["status"]?.stringValue ?? "Unknown")"
            if let reason = condition["reason"]?.stringValue, !reason.isEmpty { text += " (\(reason))" }
            if let message = condition["message"]?.stringValue, !message.isEmpty { text += ": \(message)" }
            parts.append(text)
        }
        if let target = modelStatus?["states"]?["targetModelState"]?.stringValue {
            parts.append("model \(target)")
        }
        if parts.isEmpty { parts.append(conditions.isEmpty ? "no status yet" : "all conditions True") }
        summary = parts.joined(separator: "; ")

        if current, let failure = Self.terminalFailure(modelStatus) {
            state = .failed(failure)
        } else if current, ready?["status"]?.stringValue == "True" {
            state = .ready
        } else {
            state = .progressing
        }
    }

    /// KServe's terminal model states: FailedToLoad, BlockedByFailedLoad, InvalidSpec; with the failure's reason.
    static func terminalFailure(_ modelStatus: Value?) -> String? {
        guard let modelStatus else { return nil }
        let transition = modelStatus["transitionStatus"]?.stringValue ?? ""
        let target = modelStatus["states"]?["targetModelState"]?.stringValue ?? ""
        let active = modelStatus["states"]?["activeModelState"]?.stringValue ?? ""
        let terminal =
            ["BlockedByFailedLoad", "InvalidSpec"].contains(transition)
            || target == "FailedToLoad" || (target.isEmpty && active == "FailedToLoad")
        guard terminal else { return nil }
        var label = transition.isEmpty ? "FailedToLoad" : transition
        if target == "FailedToLoad", transition != "BlockedByFailedLoad" { label = "FailedToLoad" }
        let info = modelStatus["lastFailureInfo"]
        let reason = info?["reason"]?.stringValue ?? ""
        let message = info?["message"]?.stringValue ?? ""
        var text = label
        if !reason.isEmpty { text += " (\(reason))" }
        if !message.isEmpty { text += ": \(message)" }
        return text
    }
}
