import Bench
import Core
import Testing

/// The per-window part of a report (`perWindow`, `unanswered`, added within kserve.bench/v1): written, read back,
/// absent from older reports, and shown in the human output where it matters.
@Suite struct ReportWindowTests {
    static func window(requests: Int, seconds: Double, queue: Double?, compute: Double?) -> WindowSample {
        var sample = WindowSample(
            seconds: seconds,
            requests: requests,
            serverQueueMicros: queue,
            serverComputeMicros: compute
        )
        for index in 0..<requests { sample.latency.record(nanoseconds: UInt64(100 + index) * 1000) }
        return sample
    }

    static func report() -> BenchReport {
        var last = window(requests: 40, seconds: 0.25, queue: nil, compute: nil)
        last.errors.record(.timeout)
        last.errors.record(.timeout)
        last.unanswered = 2
        let windows = [window(requests: 100, seconds: 0.5, queue: 12.5, compute: 80), last]
        let level = LevelReport(
            rate: 200,
            seconds: 0.75,
            windows: 2,
            stable: false,
            models: [ModelRow(model: "iris", samples: windows)],
            total: ModelRow(model: ModelRow.totalName, samples: windows),
            serverQueueMicros: 12.5,
            serverComputeMicros: 80,
            unanswered: 2,
            windowDetails: windows.map(WindowSummary.init)
        )
        return BenchReport(
            version: "0.1.0",
            startedAt: "2026-02-01T08:00:00Z",
            target: "http://127.0.0.1:8080",
            protocolName: "v2",
            mode: .openLoop(.poisson),
            levels: [level],
            interrupted: true
        )
    }

    @Test func jsonListsEveryWindowWithItsServerSplitAndReadsBack() throws {
        let report = Self.report()
        let json = ReportRenderer.render(report, as: .json, color: false)
        let value = try JSONParser.parse(json, source: "run.json")
        let level = try #require(value["levels"]?[0])
        #expect(level["unanswered"] == .int(2))
        let windows = try #require(level["perWindow"]?.arrayValue)
        #expect(windows.count == 2)
        #expect(windows[0]["seconds"] == .double(0.5))
        #expect(windows[0]["requests"] == .int(100))
        #expect(windows[0]["serverQueueMicros"] == .double(12.5))
        #expect(windows[0]["serverComputeMicros"] == .double(80))
        #expect(windows[1]["serverQueueMicros"] == .null)
        #expect(windows[1]["unanswered"] == .int(2))
        #expect(windows[1]["errors"]?["byKind"]?["timeout"] == .int(2))
        #expect(try ReportReader.read(json: json, source: "run.json") == report)
    }

    @Test func reportWithoutTheWindowFieldsStillReads() throws {
        let report = Self.report()
        guard case .object(var root) = Self.jsonValue(report) else {
            Issue.record("a report renders as an object")
            return
        }
        guard case .array(var levels) = root["levels"] ?? .null, case .object(var level) = levels[0] else {
            Issue.record("no level")
            return
        }
        level["perWindow"] = nil
        level["unanswered"] = nil
        levels[0] = .object(level)
        root["levels"] = .array(levels)
        let older = JSONWriter.string(.object(root), style: .pretty)
        #expect(!older.contains("perWindow"))
        let read = try ReportReader.read(json: older, source: "older.json")
        #expect(read.levels[0].windowDetails.isEmpty)
        #expect(read.levels[0].unanswered == 0)
        #expect(read.levels[0].total == report.levels[0].total)
        #expect(read.levels[0].serverComputeMicros == 80)
    }

    @Test func humanReportSaysWhatWasUnanswered() {
        let text = ReportRenderer.render(Self.report(), as: .human, color: false)
        #expect(text.contains("Interrupted: the figures below are partial."))
        #expect(text.contains("  errors: timeout 2\n"), "\(text)")
        #expect(text.contains("  unanswered at the level's end: 2 (counted above as timeout errors)\n"), "\(text)")
        #expect(text.contains("  server per request: queue 12.5µs, compute 80.0µs\n"), "\(text)")
    }

    /// The JSON report as a value, through its text.
    static func jsonValue(_ report: BenchReport) -> Value {
        (try? JSONParser.parse(ReportRenderer.render(report, as: .json, color: false), source: "x")) ?? .null
    }
}
