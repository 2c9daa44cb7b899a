import Resources

/// Checks a value against its kind, for the command line, the environment and the table's defaults alike.
enum ValueCheck {
    /// What was expected, when the value does not fit the kind; `nil` when it does.
    static func problem(_ value: String, kind: ValueKind) -> String? {
        switch kind {
        case .string:
            return value.isEmpty ? "expected a non-empty value" : nil
        case .int:
            return Int(value) == nil ? "expected an integer" : nil
        case .duration:
            return DurationText.seconds(value) == nil ? "expected a duration such as 30s, 5m or 1h" : nil
        case .choice(let choices):
            return choices.contains(value) ? nil : "expected one of \(choices.joined(separator: ", "))"
        case .keyValue:
            return KeyValueText.split(value) == nil ? "expected 'Name: value' or name=value" : nil
        case .path:
            return value.isEmpty ? "expected a file path, or '-' for standard input" : nil
        case .quantity:
            return Quantity.bytes(value) == nil ? "expected a size such as 512Mi, 2Gi or 2GiB" : nil
        }
    }
}

extension ValueCheck {
    /// The closest allowed word for a mistyped choice.
    static func suggestion(_ value: String, kind: ValueKind) -> String? {
        guard case .choice(let choices) = kind else { return nil }
        return Suggestion.closest(to: value, among: choices)
    }
}
