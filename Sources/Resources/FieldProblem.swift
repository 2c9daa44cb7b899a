import Core

/// One problem with one field of a KServe object, in two wordings: a sentence for people (``message``) and the
/// message of a Kubernetes `metav1.Status` cause (``statusMessage``, with ``reason`` as the cause's reason).
package struct FieldProblem: Hashable, Sendable, CustomStringConvertible {
    /// The `metav1.Status` cause reasons the checks use.
    package enum Reason: String, Hashable, Sendable {
        case required = "FieldValueRequired"
        case invalid = "FieldValueInvalid"
        case typeInvalid = "FieldValueTypeInvalid"
    }

    package var reason: Reason
    /// The field's path, in ``SourceMap``'s form (`spec.predictor.minReplicas`, `spec.containers[0].name`).
    package var field: String
    /// The offending value; nil for a missing field or a problem of a whole object.
    package var value: Value?
    /// For `.invalid`, what is wrong ("must be greater than or equal to 0"); for `.typeInvalid`, the expected
    /// JSON type ("integer"); empty for `.required`.
    package var detail: String

    package init(reason: Reason, field: String, value: Value?, detail: String) {
        self.reason = reason
        self.field = field
        self.value = value
        self.detail = detail
    }

    /// For people: `spec.predictor.minReplicas must be an integer, found a string`.
    package var message: String {
        let name = field.isEmpty ? "the object" : field
        switch reason {
        case .required:
            return "\(name) is required"
        case .typeInvalid:
            let found = value?.kindDescription ?? "nothing"
            return "\(name) must be \(Self.article(detail)) \(detail), found \(found)"
        case .invalid:
            guard let value else { return "\(name) is invalid: \(detail)" }
            return "\(name) \(Self.shown(value)) is invalid: \(detail)"
        }
    }

    /// As the Kubernetes API server words a cause: `Invalid value: "string": FIELD in body must be of type integer`
    /// (`body must be of type object` for the whole body).
    package var statusMessage: String {
        switch reason {
        case .required:
            return "Required value"
        case .typeInvalid:
            let found = value.map(Self.jsonType) ?? "null"
            let place = field.isEmpty ? "body" : "\(field) in body"
            return "Invalid value: \"\(found)\": \(place) must be of type \(detail)"
        case .invalid:
            let shown = value.map { " " + JSONWriter.string($0) + ":" } ?? ""
            return "Invalid value:\(shown) \(detail)"
        }
    }

    package var description: String { message }

    /// The OpenAPI type name of a value, as the API server names it in a type error.
    private static func jsonType(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .uint: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    private static func article(_ noun: String) -> String {
        guard let first = noun.first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }

    /// The value as JSON, cut short when long.
    private static func shown(_ value: Value) -> String {
        let text = JSONWriter.string(value)
        let limit = 80
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "..."
    }
}
