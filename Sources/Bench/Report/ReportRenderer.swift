/// Turns a report into the text of one output format, and renders the live progress line.
package enum ReportRenderer {
    /// The whole report in `format`; `color` adds ANSI emphasis to the human format only. Ends with a newline.
    package static func render(_ report: BenchReport, as format: ReportFormat, color: Bool) -> String {
        switch format {
        case .human: return HumanReport.render(report, color: color)
        case .json: return JSONReport.render(report)
        case .csv: return CSVReport.render(report)
        }
    }

    /// One status line for a TTY while a level runs (no newline): level, elapsed time, rate, p50/p99, errors, and
    /// late or dropped sends when there are any.
    package static func progressLine(level: String, elapsed: Double, sample: WindowSample) -> String {
        let latency = sample.latency.count > 0 ? sample.latency : nil
        var parts = [
            level,
            NumberText.fixed(elapsed, 1) + "s",
            NumberText.fixed(sample.throughput, 1) + " req/s",
            "p50 " + (latency.map { NumberText.duration(micros: $0.percentileMicros(50)) } ?? "-"),
            "p99 " + (latency.map { NumberText.duration(micros: $0.percentileMicros(99)) } ?? "-"),
            "errors \(sample.errors.total)",
        ]
        if sample.lateSends > 0 { parts.append("late \(sample.lateSends)") }
        if sample.droppedSends > 0 { parts.append("dropped \(sample.droppedSends)") }
        return parts.joined(separator: "  ")
    }
}
