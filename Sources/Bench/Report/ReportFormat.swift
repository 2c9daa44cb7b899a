/// The outputs of `kserve bench -o`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case human
    case json
    case csv
}
