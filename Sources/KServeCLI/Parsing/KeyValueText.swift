import Core

/// Splits `Name: value` (HTTP header style) and `name=value` pairs; whichever separator comes first wins.
package enum KeyValueText {
    /// The key and value with surrounding spaces removed; `nil` without a separator or with an empty key.
    package static func split(_ text: String) -> (key: String, value: String)? {
        guard let separator = text.firstIndex(where: { $0 == ":" || $0 == "=" }) else { return nil }
        let key = text[..<separator].trimmingBlanks()
        guard !key.isEmpty else { return nil }
        return (key, text[text.index(after: separator)...].trimmingBlanks())
    }
}
