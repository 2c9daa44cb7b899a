import Bench
import Core
import Testing

/// `--compare previous.json`: the deltas the human output prints, levels and models found in one run only, and
/// the files it refuses (another schema version, not JSON), read back through `ReportReader`.
@Suite struct ReportComparisonTests {
    static func row(_ model: String, throughput: Double, p50: Double, p99: Double) -> ModelRow {
        ModelRow(
            model: model,
            requests: Int(throughput * 10),
            errors: ErrorTally(),
            throughput: throughput,
            latency: LatencySummary(
                count: Int(throughput * 10),
                min: p50 / 2,
                mean: p50,
                p50: p50,
                p90: p99 * 0.8,
                p95: p99 * 0.9,
                p99: p99,
                p999: p99 * 1.5,
                max: p99 * 2
            ),
            bytesSent: 100,
            bytesReceived: 200
        )
    }

    static func level(concurrency: Int? = nil, rate: Double? = nil, _ rows: [ModelRow]) -> LevelReport {
        let throughput = rows.reduce(0) { $0 + $1.throughput }
        return LevelReport(
            concurrency: concurrency,
            rate: rate,
            seconds: 10,
            windows: 2,
            stable: true,
            models: rows,
            total: rows.count == 1
                ? rows[0] : row(ModelRow.totalName, throughput: throughput, p50: rows[0].latency.p50, p99: 900)
        )
    }

    static func report(_ levels: [LevelReport], open: Bool = false) -> BenchReport {
        BenchReport(
            version: "0.1.0",
            startedAt: "2026-02-01T08:00:00Z",
            target: "http://127.0.0.1:8080",
            protocolName: "v2",
            mode: open ? .openLoop(.constant) : .closedLoop,
            levels: levels
        )
    }

    /// The table line for `level` and `model`, split into its cells.
    static func cells(_ text: String, level: String, model: String) -> [String]? {
        text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            .first { $0.count > 2 && $0[0] == level && $0[1] == model }
    }

    @Test func deltasHaveSignsAndPercentPerLevelAndModel() throws {
        let previous = Self.report([
            Self.level(concurrency: 1, [Self.row("iris", throughput: 1000, p50: 800, p99: 2000)]),
            Self.level(concurrency: 4, [Self.row("iris", throughput: 2000, p50: 1500, p99: 4000)]),
        ])
        let current = Self.report([
            Self.level(concurrency: 1, [Self.row("iris", throughput: 1250, p50: 600, p99: 2000)]),
            Self.level(concurrency: 4, [Self.row("iris", throughput: 1500, p50: 1800, p99: 5000)]),
        ])
        let text = ReportComparison.render(previous: previous, current: current)
        #expect(text.hasPrefix("Compared with http://127.0.0.1:8080 started 2026-02-01T08:00:00Z (0.1.0)\n"))
        let header = try #require(text.split(separator: "\n").dropFirst().first)
        #expect(
            header.split(separator: " ").map(String.init) == [
                "LEVEL", "MODEL", "REQ/S", "CHANGE", "P50", "CHANGE", "P99", "CHANGE",
            ]
        )
        // c=1: throughput up 25%, p50 down 25%, p99 unchanged (+0.0%).
        #expect(
            Self.cells(text, level: "c=1", model: "iris") == [
                "c=1", "iris", "1000.0", "->", "1250.0", "+25.0%", "800µs", "->", "600µs", "-25.0%", "2.00ms", "->",
                "2.00ms", "+0.0%",
            ],
            "\(text)"
        )
        // c=4: throughput down 25%, p50 up 20%, p99 up 25%.
        #expect(
            Self.cells(text, level: "c=4", model: "iris") == [
                "c=4", "iris", "2000.0", "->", "1500.0", "-25.0%", "1.50ms", "->", "1.80ms", "+20.0%", "4.00ms", "->",
                "5.00ms", "+25.0%",
            ],
            "\(text)"
        )
        // One model: no TOTAL row repeating it, and nothing unmatched.
        #expect(!text.contains("TOTAL"))
        #expect(!text.contains("only in"))
    }

    @Test func levelsAndModelsInOneRunOnlyAreNamed() {
        let previous = Self.report([
            Self.level(
                concurrency: 1,
                [
                    Self.row("iris", throughput: 100, p50: 500, p99: 900),
                    Self.row("mnist", throughput: 50, p50: 700, p99: 1100),
                ]
            ),
            Self.level(concurrency: 2, [Self.row("iris", throughput: 100, p50: 500, p99: 900)]),
        ])
        let current = Self.report([
            Self.level(
                concurrency: 1,
                [
                    Self.row("iris", throughput: 110, p50: 500, p99: 900),
                    Self.row("resnet", throughput: 10, p50: 9000, p99: 12000),
                ]
            ),
            Self.level(concurrency: 8, [Self.row("iris", throughput: 300, p50: 500, p99: 900)]),
        ])
        let text = ReportComparison.render(previous: previous, current: current)
        #expect(Self.cells(text, level: "c=1", model: "iris")?[5] == "+10.0%", "\(text)")
        #expect(Self.cells(text, level: "c=1", model: "TOTAL") != nil, "\(text)")
        let lines = Set(text.split(separator: "\n").map(String.init))
        #expect(lines.contains("c=1 resnet: only in this run"), "\(text)")
        #expect(lines.contains("c=1 mnist: only in the previous run"), "\(text)")
        #expect(lines.contains("c=8: only in this run"), "\(text)")
        #expect(lines.contains("c=2: only in the previous run"), "\(text)")
        #expect(Self.cells(text, level: "c=8", model: "iris") == nil)
    }

    @Test func nothingInCommonAndZeroFiguresSayNA() {
        let previous = Self.report(
            [Self.level(rate: 100, [Self.row("iris", throughput: 0, p50: 0, p99: 0)])],
            open: true
        )
        let current = Self.report(
            [Self.level(rate: 100, [Self.row("iris", throughput: 90, p50: 400, p99: 800)])],
            open: true
        )
        let text = ReportComparison.render(previous: previous, current: current)
        let cells = Self.cells(text, level: "r=100/s", model: "iris")
        #expect(cells?[5] == "n/a", "\(text)")
        #expect(cells?[9] == "n/a", "\(text)")

        let other = Self.report([Self.level(concurrency: 3, [Self.row("iris", throughput: 1, p50: 1, p99: 1)])])
        let none = ReportComparison.render(previous: other, current: current)
        #expect(none.contains("No level or model appears in both runs."), "\(none)")
        #expect(none.contains("r=100/s: only in this run"))
        #expect(none.contains("c=3: only in the previous run"))
    }

    @Test func previousRunIsReadFromItsJSON() throws {
        let previous = Self.report([
            Self.level(concurrency: 2, [Self.row("iris", throughput: 400, p50: 1000, p99: 3000)])
        ])
        let json = ReportRenderer.render(previous, as: .json, color: false)
        let read = try ReportReader.read(json: json, source: "before.json")
        let current = Self.report([
            Self.level(concurrency: 2, [Self.row("iris", throughput: 440, p50: 900, p99: 3300)])
        ])
        let text = ReportComparison.render(previous: read, current: current)
        let cells = Self.cells(text, level: "c=2", model: "iris")
        #expect(cells?[5] == "+10.0%", "\(text)")
        #expect(cells?[9] == "-10.0%", "\(text)")
        #expect(cells?[13] == "+10.0%", "\(text)")
    }

    @Test func anotherSchemaVersionIsRefusedByName() throws {
        let json = ReportRenderer.render(Self.report([]), as: .json, color: false)
            .replacingFirst("kserve.bench/v1", with: "kserve.bench/v2")
        let error = try #require(throws: KServeError.self) { try ReportReader.read(json: json, source: "new.json") }
        #expect(error.code == .invalidInput)
        #expect(error.message.contains("new.json"), "\(error.message)")
        #expect(error.message.contains("kserve.bench/v2"), "\(error.message)")
        #expect(error.message.contains("kserve.bench/v1"), "\(error.message)")
    }

    @Test func notJSONIsRefusedWithTheFileName() throws {
        let error = try #require(throws: KServeError.self) {
            try ReportReader.read(json: "Concurrency,Inferences/Second\n1,100\n", source: "run.csv")
        }
        #expect(error.code == .invalidInput)
        #expect(error.message.contains("run.csv"), "\(error.message)")
        let notReport = try #require(throws: KServeError.self) {
            try ReportReader.read(json: "[1, 2]", source: "list.json")
        }
        #expect(notReport.message.contains("list.json"), "\(notReport.message)")
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var result = self
        result.replaceSubrange(range, with: replacement)
        return result
    }
}
