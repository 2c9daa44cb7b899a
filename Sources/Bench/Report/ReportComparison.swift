/// `--compare previous.json`: the change from a previous run to this one, per level and model, in throughput and in
/// p50/p99 latency. Levels match by concurrency or rate, rows by model name (TOTAL included).
package enum ReportComparison {
    package static func render(previous: BenchReport, current: BenchReport) -> String {
        var lines = ["Compared with \(previous.target) started \(previous.startedAt) (\(previous.version))"]
        var table = TextTable(
            header: ["LEVEL", "MODEL", "REQ/S", "CHANGE", "P50", "CHANGE", "P99", "CHANGE"],
            leftColumns: 2
        )
        var unmatched: [String] = []
        for level in current.levels {
            guard let before = previous.levels.first(where: { $0.label == level.label }) else {
                unmatched.append("\(level.label): only in this run")
                continue
            }
            for row in rows(level) {
                guard let old = rows(before).first(where: { $0.model == row.model }) else {
                    unmatched.append("\(level.label) \(row.model): only in this run")
                    continue
                }
                table.append([
                    level.label,
                    row.model,
                    NumberText.fixed(old.throughput, 1) + " -> " + NumberText.fixed(row.throughput, 1),
                    change(from: old.throughput, to: row.throughput),
                    latencyPair(old.latency.p50, row.latency.p50),
                    change(from: old.latency.p50, to: row.latency.p50),
                    latencyPair(old.latency.p99, row.latency.p99),
                    change(from: old.latency.p99, to: row.latency.p99),
                ])
            }
            for old in rows(before) where !rows(level).contains(where: { $0.model == old.model }) {
                unmatched.append("\(level.label) \(old.model): only in the previous run")
            }
        }
        for level in previous.levels where !current.levels.contains(where: { $0.label == level.label }) {
            unmatched.append("\(level.label): only in the previous run")
        }
        if table.rows.isEmpty {
            lines.append("No level or model appears in both runs.")
        } else {
            lines.append(contentsOf: table.lines())
        }
        lines.append(contentsOf: unmatched)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The model rows then TOTAL (TOTAL alone when a level has one model, whose row it equals).
    private static func rows(_ level: LevelReport) -> [ModelRow] {
        level.models.count == 1 ? level.models : level.models + [level.total]
    }

    private static func latencyPair(_ old: Double, _ new: Double) -> String {
        NumberText.duration(micros: old) + " -> " + NumberText.duration(micros: new)
    }

    /// The relative change in percent, or n/a when the old figure is 0 or missing.
    static func change(from old: Double, to new: Double) -> String {
        guard old > 0, old.isFinite, new.isFinite else { return "n/a" }
        return NumberText.signedPercent((new - old) / old * 100)
    }
}
