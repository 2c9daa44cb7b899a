import Core
import Resources

/// The query parameters of list, watch and write calls.
struct ListOptions: Sendable {
    var fieldSelector: FieldSelector = .init()
    var labelSelector: LabelSelector = .init()
    var limit: Int?
    var continueToken: String?
    var watch = false
    var resourceVersion: String?
    var allowWatchBookmarks = false
    var timeoutSeconds: Int?
    var sendInitialEvents: Bool?
    var dryRun = false
    var fieldManager: String?
    var force = false

    init() {}

    init(query: [(key: String, value: String)]) throws(KubeStatus) {
        for (key, value) in query {
            switch key {
            case "fieldSelector": fieldSelector = try FieldSelector(value)
            case "labelSelector": labelSelector = try LabelSelector(value)
            case "limit":
                guard let number = Int(value), number >= 0 else {
                    throw KubeStatus.badRequest("limit must be a non-negative integer, not \"\(value)\"")
                }
                limit = number == 0 ? nil : number
            case "continue": continueToken = value.isEmpty ? nil : value
            case "watch": watch = Self.truth(value)
            case "resourceVersion": resourceVersion = value.isEmpty ? nil : value
            case "allowWatchBookmarks": allowWatchBookmarks = Self.truth(value)
            case "timeoutSeconds":
                guard let number = Int(value), number >= 0 else {
                    throw KubeStatus.badRequest("timeoutSeconds must be a non-negative integer, not \"\(value)\"")
                }
                timeoutSeconds = number
            case "sendInitialEvents": sendInitialEvents = Self.truth(value)
            case "dryRun":
                guard value == "All" else {
                    throw KubeStatus.badRequest("dryRun must be \"All\", not \"\(value)\"")
                }
                dryRun = true
            case "fieldManager": fieldManager = value
            case "force": force = Self.truth(value)
            default: continue
            }
        }
    }

    static func truth(_ value: String) -> Bool { value == "1" || value == "true" || value == "True" }
}

/// `fieldSelector`: `metadata.name` and `metadata.namespace` with `=`, `==` or `!=`.
struct FieldSelector: Sendable {
    var requirements: [(field: String, value: String, equal: Bool)] = []

    init() {}

    init(_ text: String) throws(KubeStatus) {
        for part in text.split(separator: ",") where !part.isEmpty {
            let term = String(part)
            let equal: Bool
            let pieces: [String]
            if let range = term.firstRange(of: "!=") {
                equal = false
                pieces = [String(term[..<range.lowerBound]), String(term[range.upperBound...])]
            } else if let range = term.firstRange(of: "==") {
                equal = true
                pieces = [String(term[..<range.lowerBound]), String(term[range.upperBound...])]
            } else if let index = term.firstIndex(of: "=") {
                equal = true
                pieces = [String(term[..<index]), String(term[term.index(after: index)...])]
            } else {
                throw KubeStatus.badRequest("invalid field selector \"\(text)\": \"\(term)\" has no operator")
            }
            let field = pieces[0].trimmingBlanks()
            guard field == "metadata.name" || field == "metadata.namespace" else {
                throw KubeStatus.badRequest(
                    "field label not supported: \(field) (supported: metadata.name, metadata.namespace)"
                )
            }
            requirements.append((field, pieces[1].trimmingBlanks(), equal))
        }
    }

    /// The exact name asked for, when the selector pins one (`metadata.name=X`).
    var name: String? { requirements.first { $0.field == "metadata.name" && $0.equal }?.value }

    func matches(_ object: StoredObject) -> Bool {
        requirements.allSatisfy { requirement in
            let actual = requirement.field == "metadata.name" ? object.name : (object.namespace ?? "")
            return (actual == requirement.value) == requirement.equal
        }
    }
}

/// `labelSelector`: `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`.
struct LabelSelector: Sendable {
    enum Requirement: Sendable {
        case equals(String, String)
        case notEquals(String, String)
        case exists(String)
        case absent(String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
    }

    var requirements: [Requirement] = []

    init() {}

    init(_ text: String) throws(KubeStatus) {
        for term in Self.terms(text) {
            let trimmed = term.trimmingBlanks()
            if trimmed.isEmpty { continue }
            if let range = trimmed.firstRange(of: " notin ") ?? trimmed.firstRange(of: " in ") {
                let key = String(trimmed[..<range.lowerBound]).trimmingBlanks()
                var values = String(trimmed[range.upperBound...]).trimmingBlanks()
                guard values.hasPrefix("("), values.hasSuffix(")") else {
                    throw KubeStatus.badRequest("invalid label selector \"\(text)\": expected (values) after in/notin")
                }
                values = String(values.dropFirst().dropLast())
                let set = Set(values.split(separator: ",").map { String($0).trimmingBlanks() })
                requirements.append(trimmed[range].contains("notin") ? .notIn(key, set) : .isIn(key, set))
            } else if let range = trimmed.firstRange(of: "!=") {
                requirements.append(
                    .notEquals(
                        String(trimmed[..<range.lowerBound]).trimmingBlanks(),
                        String(trimmed[range.upperBound...]).trimmingBlanks()
                    )
                )
            } else if let range = trimmed.firstRange(of: "==") ?? trimmed.firstRange(of: "=") {
                requirements.append(
                    .equals(
                        String(trimmed[..<range.lowerBound]).trimmingBlanks(),
                        String(trimmed[range.upperBound...]).trimmingBlanks()
                    )
                )
            } else if trimmed.hasPrefix("!") {
                requirements.append(.absent(String(trimmed.dropFirst()).trimmingBlanks()))
            } else {
                requirements.append(.exists(trimmed))
            }
        }
    }

    /// Splits on commas outside parentheses.
    private static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == ",", depth == 0 {
                terms.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        terms.append(current)
        return terms
    }

    func matches(_ object: StoredObject) -> Bool {
        let labels = object.value.at(["metadata", "labels"])?.objectValue ?? ValueObject()
        return requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let key, let value): return labels[key]?.stringValue == value
            case .notEquals(let key, let value): return labels[key]?.stringValue != value
            case .exists(let key): return labels[key] != nil
            case .absent(let key): return labels[key] == nil
            case .isIn(let key, let values): return labels[key]?.stringValue.map(values.contains) ?? false
            case .notIn(let key, let values): return !(labels[key]?.stringValue.map(values.contains) ?? false)
            }
        }
    }
}
