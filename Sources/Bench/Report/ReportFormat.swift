/// The outputs of `kserve bench -o`.
package enum ReportFormat: String, Sendable, CaseIterable {
    case human
    case json
    case csv
}
