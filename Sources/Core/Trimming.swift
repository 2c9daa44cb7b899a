extension StringProtocol {
    /// The text without leading and trailing whitespace of any kind (spaces, tabs, newlines): file contents, tokens,
    /// texts for people.
    package func trimmingWhitespace() -> String { trimmed { $0.isWhitespace } }

    /// The text without leading and trailing spaces and tabs (HTTP header values, list items, selector terms).
    package func trimmingBlanks() -> String { trimmed { $0 == " " || $0 == "\t" } }

    private func trimmed(_ isTrimmed: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
