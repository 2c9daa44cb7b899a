/// The report for people: a header, a table per level (a row per model and a TOTAL), errors by kind and status,
/// server time split, late sends, and warnings.
enum HumanReport {
    static func render(_ report: BenchReport, color: Bool) -> String {
        let style = Style(enabled: color)
        var lines: [String] = []
        var title = "\(report.tool) \(report.version)  \(report.target)  \(report.protocolName)"
        if report.binary { title += " binary" }
        title += "  \(modeText(report.mode))  started \(report.startedAt)"
        lines.append(style.bold(title))
        if report.interrupted { lines.append(style.yellow("Interrupted: the figures below are partial.")) }
        if report.levels.isEmpty { lines.append("No level was measured.") }

        for level in report.levels {
            lines.append("")
            lines.append(levelHeading(level))
            var table = TextTable(header: [
                "MODEL", "REQUESTS", "ERRORS", "REQ/S", "MEAN", "P50", "P90", "P95", "P99", "P99.9", "MAX",
            ])
            // One model: its row is the total, so the TOTAL row would repeat it.
            for row in level.models { table.append(cells(row)) }
            if level.models.count != 1 { table.append(cells(level.total)) }
            lines.append(contentsOf: table.lines(emphasize: style.bold))
            lines.append(contentsOf: detailLines(level, style: style))
        }

        if !report.warnings.isEmpty {
            lines.append("")
            lines.append(style.yellow("Warnings:"))
            for warning in report.warnings { lines.append(style.yellow("  - " + warning)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func modeText(_ mode: BenchReport.Mode) -> String {
        switch mode {
        case .closedLoop: return "closed loop"
        case .openLoop(let arrival): return "open loop (\(arrival.rawValue))"
        }
    }

    private static func levelHeading(_ level: LevelReport) -> String {
        var heading: String
        if let concurrency = level.concurrency {
            heading = "Concurrency \(concurrency)"
        } else if let rate = level.rate {
            heading = "Rate \(NumberText.compact(rate))/s"
        } else {
            heading = "Level"
        }
        heading += ": \(NumberText.fixed(level.seconds, 1)) s in \(level.windows) window"
        heading += level.windows == 1 ? "" : "s"
        heading += level.stable ? ", stable" : ", not stable"
        heading += ", client CPU \(NumberText.fixed(level.clientCPUPercent, 0))%"
        return heading
    }

    private static func cells(_ row: ModelRow) -> [String] {
        let latency = row.latency
        let hasLatency = latency.count > 0
        func time(_ micros: Double) -> String { hasLatency ? NumberText.duration(micros: micros) : "-" }
        return [
            row.model, "\(row.requests)", "\(row.errors.total)", NumberText.fixed(row.throughput, 1),
            time(latency.mean), time(latency.p50), time(latency.p90), time(latency.p95), time(latency.p99),
            time(latency.p999), time(latency.max),
        ]
    }

    private static func detailLines(_ level: LevelReport, style: Style) -> [String] {
        var lines: [String] = []
        for row in level.models.count == 1 ? [level.total] : [level.total] + level.models
        where row.errors.total > 0 {
            var parts = row.errors.kindCounts.map { "\($0.kind.rawValue) \($0.count)" }
            let statuses = row.errors.statusCounts.map { "\($0.status): \($0.count)" }
            if !statuses.isEmpty { parts.append("status " + statuses.joined(separator: ", ")) }
            let name = level.models.count == 1 ? "" : " (\(row.model))"
            lines.append(style.red("  errors\(name): " + parts.joined(separator: ", ")))
        }
        if level.serverQueueMicros != nil || level.serverComputeMicros != nil {
            let queue = level.serverQueueMicros.map { NumberText.duration(micros: $0) } ?? "-"
            let compute = level.serverComputeMicros.map { NumberText.duration(micros: $0) } ?? "-"
            lines.append("  server per request: queue \(queue), compute \(compute)")
        }
        if level.unanswered > 0 {
            lines.append(
                style.red(
                    "  unanswered at the level's end: \(level.unanswered) (counted above as timeout errors)"
                )
            )
        }
        if level.rate != nil || level.lateSends > 0 || level.droppedSends > 0 {
            lines.append(
                "  late sends \(level.lateSends), dropped \(level.droppedSends) "
                    + "(\(NumberText.fixed(level.lateShare * 100, 2))% of intended)"
            )
        }
        let total = level.total
        if total.bytesSent > 0 || total.bytesReceived > 0 {
            lines.append(
                "  bytes sent \(NumberText.bytes(total.bytesSent)), received \(NumberText.bytes(total.bytesReceived))"
            )
        }
        return lines
    }

    /// ANSI emphasis when enabled, plain text otherwise.
    private struct Style {
        let enabled: Bool
        func bold(_ text: String) -> String { wrap(text, "1") }
        func red(_ text: String) -> String { wrap(text, "31") }
        func yellow(_ text: String) -> String { wrap(text, "33") }
        private func wrap(_ text: String, _ code: String) -> String {
            enabled ? "\u{1B}[\(code)m" + text + "\u{1B}[0m" : text
        }
    }
}
