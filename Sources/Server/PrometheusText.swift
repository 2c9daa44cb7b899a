import Runtime

/// Builds a Prometheus text exposition (format 0.0.4).
struct PrometheusText {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private(set) var text = ""

    /// Starts a metric family with its help and type lines.
    mutating func family(_ name: String, type: String, help: String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, _ value: Double, labels: [(String, String)] = []) {
        text += name
        if !labels.isEmpty {
            text += "{"
            text += labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
            text += "}"
        }
        text += " \(Self.format(value))\n"
    }

    mutating func sample(_ name: String, _ value: UInt64, labels: [(String, String)] = []) {
        sample(name, Double(value), labels: labels)
    }

    mutating func sample(_ name: String, _ value: Int, labels: [(String, String)] = []) {
        sample(name, Double(value), labels: labels)
    }

    /// `_bucket`, `_sum` and `_count` lines of one histogram series.
    mutating func histogram(_ name: String, _ labels: [(String, String)], _ histogram: DurationHistogram) {
        let cumulative = histogram.cumulative
        for (index, bound) in DurationHistogram.bounds.enumerated() {
            sample("\(name)_bucket", cumulative[index], labels: labels + [("le", Self.format(bound))])
        }
        sample("\(name)_bucket", histogram.count, labels: labels + [("le", "+Inf")])
        sample("\(name)_sum", histogram.sum, labels: labels)
        sample("\(name)_count", histogram.count, labels: labels)
    }

    /// Integers without a fraction, others in Swift's shortest round-trip form (which Prometheus parses).
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Label values escape backslash, double quote and line feed.
    static func escape(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
