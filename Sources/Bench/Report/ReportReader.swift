import Core

/// Reads a report written with `-o json` (for `--compare`), checking the schema and naming the file and field of
/// anything wrong. Unknown fields are ignored, so later minor additions still read.
package enum ReportReader {
    package static func read(json: String, source: String) throws(KServeError) -> BenchReport {
        let root = try ReportField(JSONParser.parse(json, source: source), at: DocumentPath(source: source)).fields()
        guard let schema = root.optional("schema") else {
            throw KServeError(.invalidInput, "\(source): not a kserve bench report (no \"schema\" field)")
        }
        let name = try schema.string()
        guard name == BenchReport.schemaName else {
            throw KServeError(
                .invalidInput,
                "\(source): the report's schema is \"\(name)\"; this kserve reads \"\(BenchReport.schemaName)\""
            )
        }
        let mode: BenchReport.Mode
        let modeName = try root.field("mode").string()
        switch modeName {
        case "closed":
            mode = .closedLoop
        case "open":
            let arrivalField = root.field("arrival")
            let arrivalName = try arrivalField.string()
            guard let arrival = ArrivalProcess(rawValue: arrivalName) else {
                throw arrivalField.failure("expected constant or poisson, found \"\(arrivalName)\"")
            }
            mode = .openLoop(arrival)
        default:
            throw root.field("mode").failure("expected closed or open, found \"\(modeName)\"")
        }
        return BenchReport(
            tool: try root.field("tool").string(),
            version: try root.field("version").string(),
            startedAt: try root.field("startedAt").string(),
            target: try root.field("target").string(),
            protocolName: try root.field("protocol").string(),
            binary: try root.field("binary").bool(),
            mode: mode,
            levels: try root.field("levels").elements().map { field throws(KServeError) in try level(field.fields()) },
            warnings: try root.field("warnings").strings(),
            interrupted: try root.field("interrupted").bool()
        )
    }

    private static func level(_ field: ObjectReader<DocumentPath>) throws(KServeError) -> LevelReport {
        LevelReport(
            concurrency: try field.optional("concurrency")?.count(),
            rate: try field.optional("rate")?.figure(),
            seconds: try field.field("seconds").figure(),
            windows: try field.field("windows").count(),
            stable: try field.field("stable").bool(),
            models: try field.field("models").elements().map { model throws(KServeError) in try row(model.fields()) },
            total: try row(field.field("total").fields()),
            clientCPUPercent: try field.field("clientCPUPercent").figure(),
            lateSends: try field.field("lateSends").count(),
            droppedSends: try field.field("droppedSends").count(),
            serverQueueMicros: try field.optional("serverQueueMicros")?.figure(),
            serverComputeMicros: try field.optional("serverComputeMicros")?.figure(),
            unanswered: try field.optional("unanswered")?.count() ?? 0,
            windowDetails: try field.optional("perWindow")?.elements().map { item throws(KServeError) in
                try window(item.fields())
            }
                ?? []
        )
    }

    /// A `perWindow` entry (added within v1: absent in older reports).
    private static func window(_ field: ObjectReader<DocumentPath>) throws(KServeError) -> WindowSummary {
        WindowSummary(
            seconds: try field.field("seconds").figure(),
            requests: try field.field("requests").count(),
            errors: try errors(field.field("errors").fields()),
            throughput: try field.field("throughput").figure(),
            latency: try latency(field.field("latencyMicros").fields()),
            lateSends: try field.optional("lateSends")?.count() ?? 0,
            droppedSends: try field.optional("droppedSends")?.count() ?? 0,
            unanswered: try field.optional("unanswered")?.count() ?? 0,
            serverQueueMicros: try field.optional("serverQueueMicros")?.figure(),
            serverComputeMicros: try field.optional("serverComputeMicros")?.figure()
        )
    }

    private static func row(_ field: ObjectReader<DocumentPath>) throws(KServeError) -> ModelRow {
        ModelRow(
            model: try field.field("model").string(),
            requests: try field.field("requests").count(),
            errors: try errors(field.field("errors").fields()),
            throughput: try field.field("throughput").figure(),
            latency: try latency(field.field("latencyMicros").fields()),
            bytesSent: try field.field("bytesSent").count(),
            bytesReceived: try field.field("bytesReceived").count()
        )
    }

    private static func errors(_ field: ObjectReader<DocumentPath>) throws(KServeError) -> ErrorTally {
        var byKind: [ErrorTally.Kind: Int] = [:]
        let kinds = try field.field("byKind").fields()
        for entry in kinds.object {
            let child = kinds.field(entry.key)
            guard let kind = ErrorTally.Kind(rawValue: entry.key) else {
                throw child.failure("unknown error kind")
            }
            byKind[kind] = try child.count()
        }
        var byStatus: [Int: Int] = [:]
        let statuses = try field.field("byStatus").fields()
        for entry in statuses.object {
            let child = statuses.field(entry.key)
            guard let status = Int(entry.key), (100...599).contains(status) else {
                throw child.failure("not an HTTP status")
            }
            byStatus[status] = try child.count()
        }
        return ErrorTally(byKind: byKind, byStatus: byStatus)
    }

    private static func latency(_ field: ObjectReader<DocumentPath>) throws(KServeError) -> LatencySummary {
        LatencySummary(
            count: try field.field("count").count(),
            min: try field.field("min").figure(),
            mean: try field.field("mean").figure(),
            p50: try field.field("p50").figure(),
            p90: try field.field("p90").figure(),
            p95: try field.field("p95").figure(),
            p99: try field.field("p99").figure(),
            p999: try field.field("p99.9").figure(),
            max: try field.field("max").figure()
        )
    }
}

/// A field of a report being read, its path in errors (`levels[0].total.requests`).
typealias ReportField = ValueReader<DocumentPath>

extension ValueReader<DocumentPath> {
    /// A number; null (how JSON spells a non-finite figure) reads as NaN.
    func figure() throws(KServeError) -> Double {
        if value == .null { return .nan }
        return try double()
    }

    /// A count: a whole number that is not negative.
    func count() throws(KServeError) -> Int { try int(atLeast: 0) }
}
