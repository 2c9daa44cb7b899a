/// Reads durations written like Go's: `500ms`, `30s`, `5m`, `1h`, `1m30s`, `1.5h`; a bare number means seconds.
package enum DurationText {
    /// The duration in seconds; `nil` when the text is not a duration. Negative durations are not accepted.
    package static func seconds(_ text: String) -> Double? {
        if let bare = plainNumber(Substring(text)) { return bare }
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let numberEnd = rest.firstIndex { !($0.isASCII && ($0.isNumber || $0 == ".")) } ?? rest.endIndex
            guard let number = plainNumber(rest[..<numberEnd]) else { return nil }
            rest = rest[numberEnd...]
            let unitEnd = rest.firstIndex { $0.isASCII && ($0.isNumber || $0 == ".") } ?? rest.endIndex
            guard let scale = unitSeconds[String(rest[..<unitEnd])] else { return nil }
            rest = rest[unitEnd...]
            total += number * scale
        }
        return total.isFinite ? total : nil
    }

    private static let unitSeconds: [String: Double] = ["ms": 0.001, "s": 1, "m": 60, "h": 3600]

    /// Digits with at most one decimal point and at least one digit; no sign, no exponent.
    private static func plainNumber(_ text: Substring) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            text.contains(where: \.isNumber), text.filter({ $0 == "." }).count <= 1
        else { return nil }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
