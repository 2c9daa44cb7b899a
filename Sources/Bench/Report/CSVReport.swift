/// CSV in perf_analyzer's column order (`-f`, with `--verbose-csv`'s three extra columns), followed by columns of
/// our own; latencies in whole microseconds as perf_analyzer writes them.
///
/// Cells for figures this client does not measure stay empty: Client Send, Client Recv, request/response and
/// response wait (no send/receive split), Server Compute Input and Output (the server's compute time is reported
/// whole, under Server Compute Infer), and Network+Server Send/Recv and the server columns when the server gave no
/// statistics. One row per level; with several models, the TOTAL row and then a row per model.
enum CSVReport {
    static let perfAnalyzerColumns = [
        "Inferences/Second", "Client Send", "Network+Server Send/Recv", "Server Queue", "Server Compute Input",
        "Server Compute Infer", "Server Compute Output", "Client Recv", "p50 latency", "p90 latency", "p95 latency",
        "p99 latency", "Avg latency", "request/response", "response wait",
    ]
    static let extraColumns = [
        "Model", "Requests", "Errors", "p99.9 latency", "Max latency", "Bytes Sent", "Bytes Received", "Late Sends",
        "Dropped Sends", "Stable",
    ]

    static func header(for mode: BenchReport.Mode) -> [String] {
        let first: String
        switch mode {
        case .closedLoop: first = "Concurrency"
        case .openLoop: first = "Request Rate"
        }
        return [first] + perfAnalyzerColumns + extraColumns
    }

    static func render(_ report: BenchReport) -> String {
        var lines = [header(for: report.mode).map(quoted).joined(separator: ",")]
        for level in report.levels {
            if level.models.count == 1 {
                var row = level.total
                row.model = level.models[0].model
                lines.append(cells(level, row, isTotal: true).map(quoted).joined(separator: ","))
            } else {
                lines.append(cells(level, level.total, isTotal: true).map(quoted).joined(separator: ","))
                for model in level.models {
                    lines.append(cells(level, model, isTotal: false).map(quoted).joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func cells(_ level: LevelReport, _ row: ModelRow, isTotal: Bool) -> [String] {
        let load: String
        if let concurrency = level.concurrency {
            load = "\(concurrency)"
        } else if let rate = level.rate {
            load = NumberText.compact(rate)
        } else {
            load = ""
        }
        let latency = row.latency
        let hasLatency = latency.count > 0
        func micros(_ value: Double) -> String { hasLatency ? NumberText.whole(value) : "" }
        // Server statistics describe the whole level, so only the TOTAL row carries them.
        let queue = isTotal ? level.serverQueueMicros : nil
        let compute = isTotal ? level.serverComputeMicros : nil
        var network = ""
        if let queue, let compute, hasLatency {
            network = NumberText.whole(Swift.max(0, latency.mean - queue - compute))
        }
        return [
            load,
            NumberText.fixed(row.throughput, 2),
            "",
            network,
            queue.map(NumberText.whole) ?? "",
            "",
            compute.map(NumberText.whole) ?? "",
            "",
            "",
            micros(latency.p50),
            micros(latency.p90),
            micros(latency.p95),
            micros(latency.p99),
            micros(latency.mean),
            "",
            "",
            row.model,
            "\(row.requests)",
            "\(row.errors.total)",
            micros(latency.p999),
            micros(latency.max),
            "\(row.bytesSent)",
            "\(row.bytesReceived)",
            isTotal ? "\(level.lateSends)" : "",
            isTotal ? "\(level.droppedSends)" : "",
            level.stable ? "true" : "false",
        ]
    }

    /// RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled.
    static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        var escaped = ""
        for character in cell {
            if character == "\"" { escaped.append("\"") }
            escaped.append(character)
        }
        return "\"" + escaped + "\""
    }
}
