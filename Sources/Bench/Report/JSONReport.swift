import Core

/// The JSON form of a report (`"schema": "kserve.bench/v1"`), written with Transport's writer; ``ReportReader`` reads
/// it back. Latencies are in microseconds; absent figures are `null`. Fields added within v1 (`unanswered`,
/// `perWindow`) are optional for readers: a v1 reader ignores what it does not know.
enum JSONReport {
    static func render(_ report: BenchReport) -> String {
        JSONWriter.string(value(report), style: .pretty) + "\n"
    }

    static func value(_ report: BenchReport) -> Value {
        var object = ValueObject()
        object["schema"] = .string(BenchReport.schemaName)
        object["tool"] = .string(report.tool)
        object["version"] = .string(report.version)
        object["startedAt"] = .string(report.startedAt)
        object["target"] = .string(report.target)
        object["protocol"] = .string(report.protocolName)
        object["binary"] = .bool(report.binary)
        switch report.mode {
        case .closedLoop:
            object["mode"] = "closed"
            object["arrival"] = .null
        case .openLoop(let arrival):
            object["mode"] = "open"
            object["arrival"] = .string(arrival.rawValue)
        }
        object["interrupted"] = .bool(report.interrupted)
        object["warnings"] = .array(report.warnings.map(Value.string))
        object["levels"] = .array(report.levels.map(value))
        return .object(object)
    }

    private static func value(_ level: LevelReport) -> Value {
        var object = ValueObject()
        object["concurrency"] = level.concurrency.map { .int(Int64($0)) } ?? .null
        object["rate"] = level.rate.map(Value.double) ?? .null
        object["seconds"] = .double(level.seconds)
        object["windows"] = .int(Int64(level.windows))
        object["stable"] = .bool(level.stable)
        object["clientCPUPercent"] = .double(level.clientCPUPercent)
        object["lateSends"] = .int(Int64(level.lateSends))
        object["droppedSends"] = .int(Int64(level.droppedSends))
        object["serverQueueMicros"] = level.serverQueueMicros.map(Value.double) ?? .null
        object["serverComputeMicros"] = level.serverComputeMicros.map(Value.double) ?? .null
        object["unanswered"] = .int(Int64(level.unanswered))
        object["total"] = value(level.total)
        object["models"] = .array(level.models.map(value))
        object["perWindow"] = .array(level.windowDetails.map(value))
        return .object(object)
    }

    private static func value(_ window: WindowSummary) -> Value {
        var object = ValueObject()
        object["seconds"] = .double(window.seconds)
        object["requests"] = .int(Int64(window.requests))
        object["throughput"] = .double(window.throughput)
        object["errors"] = value(window.errors)
        object["latencyMicros"] = value(window.latency)
        object["lateSends"] = .int(Int64(window.lateSends))
        object["droppedSends"] = .int(Int64(window.droppedSends))
        object["unanswered"] = .int(Int64(window.unanswered))
        object["serverQueueMicros"] = window.serverQueueMicros.map(Value.double) ?? .null
        object["serverComputeMicros"] = window.serverComputeMicros.map(Value.double) ?? .null
        return .object(object)
    }

    private static func value(_ row: ModelRow) -> Value {
        var object = ValueObject()
        object["model"] = .string(row.model)
        object["requests"] = .int(Int64(row.requests))
        object["throughput"] = .double(row.throughput)
        object["bytesSent"] = .int(Int64(row.bytesSent))
        object["bytesReceived"] = .int(Int64(row.bytesReceived))
        object["errors"] = value(row.errors)
        object["latencyMicros"] = value(row.latency)
        return .object(object)
    }

    private static func value(_ errors: ErrorTally) -> Value {
        var byKind = ValueObject()
        for (kind, count) in errors.kindCounts { byKind[kind.rawValue] = .int(Int64(count)) }
        var byStatus = ValueObject()
        for (status, count) in errors.statusCounts { byStatus["\(status)"] = .int(Int64(count)) }
        return ["total": .int(Int64(errors.total)), "byKind": .object(byKind), "byStatus": .object(byStatus)]
    }

    private static func value(_ latency: LatencySummary) -> Value {
        [
            "count": .int(Int64(latency.count)),
            "min": .double(latency.min),
            "mean": .double(latency.mean),
            "p50": .double(latency.p50),
            "p90": .double(latency.p90),
            "p95": .double(latency.p95),
            "p99": .double(latency.p99),
            "p99.9": .double(latency.p999),
            "max": .double(latency.max),
        ]
    }
}
