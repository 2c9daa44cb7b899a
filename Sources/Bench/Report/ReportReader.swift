import Core

/// Reads a report written with `-o json` (for `--compare`), checking the schema and naming the file and field of
/// anything wrong. Unknown fields are ignored, so later minor additions still read.
package enum ReportReader {
    package static func read(json: String, source: String) throws(KServeError) -> BenchReport {
        let root = ReportField(value: try JSONParser.parse(json, source: source), path: "", source: source)
        _ = try root.object()
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
            let arrivalField = try root.field("arrival")
            let arrivalName = try arrivalField.string()
            guard let arrival = ArrivalProcess(rawValue: arrivalName) else {
                throw arrivalField.failure("expected constant or poisson, found \"\(arrivalName)\"")
            }
            mode = .openLoop(arrival)
        default:
            throw try root.field("mode").failure("expected closed or open, found \"\(modeName)\"")
        }
        return BenchReport(
            tool: try root.field("tool").string(),
            version: try root.field("version").string(),
            startedAt: try root.field("startedAt").string(),
            target: try root.field("target").string(),
            protocolName: try root.field("protocol").string(),
            binary: try root.field("binary").bool(),
            mode: mode,
            levels: try root.field("levels").array().map(level),
            warnings: try root.field("warnings").array().map { field throws(KServeError) in try field.string() },
            interrupted: try root.field("interrupted").bool()
        )
    }

    private static func level(_ field: ReportField) throws(KServeError) -> LevelReport {
        LevelReport(
            concurrency: try field.optional("concurrency")?.int(),
            rate: try field.optional("rate")?.double(),
            seconds: try field.field("seconds").double(),
            windows: try field.field("windows").int(),
            stable: try field.field("stable").bool(),
            models: try field.field("models").array().map(row),
            total: try row(field.field("total")),
            clientCPUPercent: try field.field("clientCPUPercent").double(),
            lateSends: try field.field("lateSends").int(),
            droppedSends: try field.field("droppedSends").int(),
            serverQueueMicros: try field.optional("serverQueueMicros")?.double(),
            serverComputeMicros: try field.optional("serverComputeMicros")?.double(),
            unanswered: try field.optional("unanswered")?.int() ?? 0,
            windowDetails: try field.optional("perWindow")?.array().map(window) ?? []
        )
    }

    /// A `perWindow` entry (added within v1: absent in older reports).
    private static func window(_ field: ReportField) throws(KServeError) -> WindowSummary {
        WindowSummary(
            seconds: try field.field("seconds").double(),
            requests: try field.field("requests").int(),
            errors: try errors(field.field("errors")),
            throughput: try field.field("throughput").double(),
            latency: try latency(field.field("latencyMicros")),
            lateSends: try field.optional("lateSends")?.int() ?? 0,
            droppedSends: try field.optional("droppedSends")?.int() ?? 0,
            unanswered: try field.optional("unanswered")?.int() ?? 0,
            serverQueueMicros: try field.optional("serverQueueMicros")?.double(),
            serverComputeMicros: try field.optional("serverComputeMicros")?.double()
        )
    }

    private static func row(_ field: ReportField) throws(KServeError) -> ModelRow {
        ModelRow(
            model: try field.field("model").string(),
            requests: try field.field("requests").int(),
            errors: try errors(field.field("errors")),
            throughput: try field.field("throughput").double(),
            latency: try latency(field.field("latencyMicros")),
            bytesSent: try field.field("bytesSent").int(),
            bytesReceived: try field.field("bytesReceived").int()
        )
    }

    private static func errors(_ field: ReportField) throws(KServeError) -> ErrorTally {
        var byKind: [ErrorTally.Kind: Int] = [:]
        let kinds = try field.field("byKind")
        for entry in try kinds.object() {
            let child = kinds.child(entry.key, entry.value)
            guard let kind = ErrorTally.Kind(rawValue: entry.key) else {
                throw child.failure("unknown error kind")
            }
            byKind[kind] = try child.int()
        }
        var byStatus: [Int: Int] = [:]
        let statuses = try field.field("byStatus")
        for entry in try statuses.object() {
            let child = statuses.child(entry.key, entry.value)
            guard let status = Int(entry.key), (100...599).contains(status) else {
                throw child.failure("not an HTTP status")
            }
            byStatus[status] = try child.int()
        }
        return ErrorTally(byKind: byKind, byStatus: byStatus)
    }

    private static func latency(_ field: ReportField) throws(KServeError) -> LatencySummary {
        LatencySummary(
            count: try field.field("count").int(),
            min: try field.field("min").double(),
            mean: try field.field("mean").double(),
            p50: try field.field("p50").double(),
            p90: try field.field("p90").double(),
            p95: try field.field("p95").double(),
            p99: try field.field("p99").double(),
            p999: try field.field("p99.9").double(),
            max: try field.field("max").double()
        )
    }
}

/// A value inside a report being read, with its path for error messages (`levels[0].total.requests`).
struct ReportField {
    let value: Value
    let path: String
    let source: String

    func failure(_ problem: String) -> KServeError {
        KServeError(.invalidInput, "\(source): \(path.isEmpty ? "the document" : path): \(problem)")
    }

    func child(_ key: String, _ value: Value) -> ReportField {
        ReportField(value: value, path: path.isEmpty ? key : path + "." + key, source: source)
    }

    func object() throws(KServeError) -> ValueObject {
        guard let object = value.objectValue else {
            throw failure("expected an object, found \(value.kindDescription)")
        }
        return object
    }

    /// A required member.
    func field(_ key: String) throws(KServeError) -> ReportField {
        guard let member = try object()[key] else { throw failure("missing \"\(key)\"") }
        return child(key, member)
    }

    /// A member that may be missing or null.
    func optional(_ key: String) -> ReportField? {
        guard let member = value.objectValue?[key], !member.isNull else { return nil }
        return child(key, member)
    }

    func string() throws(KServeError) -> String {
        guard let string = value.stringValue else { throw failure("expected a string, found \(value.kindDescription)") }
        return string
    }

    func bool() throws(KServeError) -> Bool {
        guard let bool = value.boolValue else {
            throw failure("expected true or false, found \(value.kindDescription)")
        }
        return bool
    }

    /// A whole number that is not negative.
    func int() throws(KServeError) -> Int {
        guard let wide = value.int64Value, wide >= 0, let int = Int(exactly: wide) else {
            throw failure("expected a whole number of at least 0, found \(value.kindDescription)")
        }
        return int
    }

    /// A number; null (how JSON spells a non-finite figure) reads as NaN.
    func double() throws(KServeError) -> Double {
        if value.isNull { return .nan }
        guard let double = value.doubleValue else { throw failure("expected a number, found \(value.kindDescription)") }
        return double
    }

    func array() throws(KServeError) -> [ReportField] {
        guard let array = value.arrayValue else { throw failure("expected an array, found \(value.kindDescription)") }
        return array.enumerated().map { ReportField(value: $1, path: "\(path)[\($0)]", source: source) }
    }
}
