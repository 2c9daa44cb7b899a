/// Splits `Name: value` (HTTP header style) and `name=value` pairs; whichever separator comes first wins.
public enum KeyValueText {
    /// The key and value with surrounding spaces removed; `nil` without a separator or with an empty key.
    public static func split(_ text: String) -> (key: String, value: String)? {
        guard let separator = text.firstIndex(where: { $0 == ":" || $0 == "=" }) else { return nil }
        let key = trimmed(text[..<separator])
        guard !key.isEmpty else { return nil }
        return (key, trimmed(text[text.index(after: separator)...]))
    }

    private static func trimmed(_ text: Substring) -> String {
        let start = text.firstIndex { $0 != " " && $0 != "\t" } ?? text.endIndex
        let end = text.lastIndex { $0 != " " && $0 != "\t" }.map { text.index(after: $0) } ?? start
        return String(text[start..<max(start, end)])
    }
}
