import Bench
import Core
import Foundation
import Testing

@Suite struct ReportRendererTests {
    /// A window of `requests` requests over 2 s with latencies spread evenly over 1...`spreadMicros` µs.
    func sample(requests: Int, failures: Int = 0, spreadMicros: Int) -> WindowSample {
        var sample = WindowSample(
            seconds: 2,
            requests: requests,
            bytesSent: requests * 100,
            bytesReceived: requests * 50
        )
        for index in 0..<(requests - failures) {
            sample.latency.record(nanoseconds: UInt64(1 + index % spreadMicros) * 1000)
        }
        for index in 0..<failures {
            sample.errors.record(index % 2 == 0 ? .http : .timeout, status: index % 2 == 0 ? 503 : nil)
        }
        return sample
    }

    func level(concurrency: Int) -> LevelReport {
        let iris = [sample(requests: 2000, failures: 4, spreadMicros: 800), sample(requests: 2100, spreadMicros: 900)]
        let mnist = [sample(requests: 1000, spreadMicros: 3000), sample(requests: 900, spreadMicros: 2500)]
        let totals = zip(iris, mnist).map { WindowSample.combining(sameWindow: [$0, $1]) }
        return LevelReport(
            concurrency: concurrency,
            seconds: 4,
            windows: 2,
            stable: true,
            models: [ModelRow(model: "iris", samples: iris), ModelRow(model: "mnist,v2", samples: mnist)],
            total: ModelRow(model: ModelRow.totalName, samples: totals),
            clientCPUPercent: 42.5,
            serverQueueMicros: 12.25,
            serverComputeMicros: 40.5
        )
    }

    func report() -> BenchReport {
        BenchReport(
            version: "0.1.0",
            startedAt: "2026-01-31T12:00:00Z",
            target: "http://127.0.0.1:8080",
            protocolName: "v2",
            binary: true,
            mode: .closedLoop,
            levels: [level(concurrency: 1), level(concurrency: 8)],
            warnings: ["c=8: the load generator used 85% of its CPU"],
            interrupted: true
        )
    }

    @Test func modelRowAggregatesWindows() {
        let row = level(concurrency: 1).models[0]
        #expect(row.requests == 4100)
        #expect(row.errors.total == 4)
        #expect(row.errors.byKind == [.http: 2, .timeout: 2])
        #expect(row.errors.byStatus == [503: 2])
        #expect(row.throughput == Double(4096) / 4)
        #expect(row.latency.count == 4096)
        #expect(row.latency.max == 900)
        #expect(row.bytesSent == 410_000)
        let total = level(concurrency: 1).total
        #expect(total.requests == 4100 + 1900)
        #expect(total.latency.max == 1000)
    }

    @Test func jsonRoundTrips() throws {
        let original = report()
        let json = ReportRenderer.render(original, as: .json, color: false)
        #expect(json.contains("\"schema\": \"kserve.bench/v1\""))
        let read = try ReportReader.read(json: json, source: "run.json")
        #expect(read == original)

        var open = original
        open.mode = .openLoop(.poisson)
        open.levels[0].concurrency = nil
        open.levels[0].rate = 250.5
        open.levels[0].serverQueueMicros = nil
        open.levels[0].lateSends = 3
        #expect(try ReportReader.read(json: ReportRenderer.render(open, as: .json, color: false), source: "x") == open)
    }

    @Test func readerRejectsOtherSchemasAndNamesTheField() throws {
        let json = ReportRenderer.render(report(), as: .json, color: false)
        do {
            _ = try ReportReader.read(
                json: json.replacingOccurrences(of: "kserve.bench/v1", with: "kserve.bench/v9"),
                source: "old.json"
            )
            Issue.record("another schema was accepted")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains("old.json"))
            #expect(error.message.contains("kserve.bench/v9"))
        }
        do {
            _ = try ReportReader.read(
                json: json.replacingOccurrences(of: "\"requests\": 4100", with: "\"requests\": \"many\""),
                source: "bad.json"
            )
            Issue.record("a string count was accepted")
        } catch {
            #expect(error.message.contains("bad.json: levels[0].models[0].requests"), "\(error.message)")
        }
        #expect(throws: KServeError.self) { try ReportReader.read(json: "{\"a\": 1}", source: "other.json") }
        #expect(throws: KServeError.self) { try ReportReader.read(json: "{", source: "cut.json") }
    }

    @Test func csvFollowsPerfAnalyzersColumns() throws {
        let csv = ReportRenderer.render(report(), as: .csv, color: false)
        let lines = csv.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let perfAnalyzer = [
            "Concurrency", "Inferences/Second", "Client Send", "Network+Server Send/Recv", "Server Queue",
            "Server Compute Input", "Server Compute Infer", "Server Compute Output", "Client Recv", "p50 latency",
            "p90 latency", "p95 latency", "p99 latency", "Avg latency", "request/response", "response wait",
        ]
        #expect(Array(header.prefix(perfAnalyzer.count)) == perfAnalyzer)
        #expect(header.dropFirst(perfAnalyzer.count).first == "Model")
        // Two levels, each a TOTAL row and two model rows.
        #expect(lines.count == 1 + 2 * 3)

        let total = report().levels[0].total
        let cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(cells.count == header.count)
        let column = { (name: String) -> String in cells[header.firstIndex(of: name) ?? 0] }
        #expect(column("Concurrency") == "1")
        #expect(Double(column("Inferences/Second")) == (total.throughput * 100).rounded() / 100)
        #expect(column("Client Send") == "")
        #expect(column("Server Queue") == "12")
        #expect(column("Server Compute Infer") == "41")
        #expect(column("Server Compute Input") == "")
        #expect(Int(column("Network+Server Send/Recv")) == Int((total.latency.mean - 12.25 - 40.5).rounded()))
        #expect(Int(column("p50 latency")) == Int(total.latency.p50.rounded()))
        #expect(Int(column("p99 latency")) == Int(total.latency.p99.rounded()))
        #expect(Int(column("Avg latency")) == Int(total.latency.mean.rounded()))
        #expect(column("Model") == "TOTAL")
        #expect(column("Errors") == "4")
        // A model name with a comma is quoted.
        #expect(lines[3].contains("\"mnist,v2\""))
    }

    @Test func csvOfOneModelHasOneRowPerLevelAndRequestRateInOpenLoop() {
        var single = report()
        single.mode = .openLoop(.constant)
        for index in single.levels.indices {
            single.levels[index].models = [single.levels[index].models[0]]
            single.levels[index].concurrency = nil
            single.levels[index].rate = 100
        }
        let lines = ReportRenderer.render(single, as: .csv, color: false).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("Request Rate,Inferences/Second,"))
        #expect(lines[1].hasPrefix("100,"))
        #expect(lines[1].contains(",iris,"))
    }

    @Test func humanTableShowsTheFigures() {
        let original = report()
        let text = ReportRenderer.render(original, as: .human, color: false)
        let total = original.levels[0].total
        #expect(text.contains("Concurrency 1: 4.0 s in 2 windows, stable, client CPU 43%"))
        #expect(text.contains("Concurrency 8"))
        #expect(text.contains("iris"))
        #expect(text.contains("mnist,v2"))
        #expect(text.contains("TOTAL"))
        #expect(text.contains("\(total.requests)"))
        #expect(text.contains(String(format: "%.1f", total.throughput)))
        #expect(text.contains("errors (TOTAL): http 2, timeout 2, status 503: 2"))
        #expect(text.contains("server per request: queue 12.3µs, compute 40.5µs"))
        #expect(text.contains("Interrupted"))
        #expect(text.contains("85% of its CPU"))
        #expect(!text.contains("\u{1B}["))
        #expect(ReportRenderer.render(original, as: .human, color: true).contains("\u{1B}[1m"))
    }

    @Test func progressLineIsOneLine() {
        let line = ReportRenderer.progressLine(
            level: "c=8",
            elapsed: 3.25,
            sample: sample(requests: 500, failures: 2, spreadMicros: 100)
        )
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix("c=8  3.3s  249.0 req/s  p50 "))
        #expect(line.contains("errors 2"))
    }

    @Test func comparisonShowsDeltas() {
        let previous = report()
        var current = report()
        current.levels[0].total.throughput = previous.levels[0].total.throughput * 1.1
        current.levels[0].total.latency.p99 = previous.levels[0].total.latency.p99 * 0.5
        current.levels.removeLast()
        let text = ReportComparison.render(previous: previous, current: current)
        let totalLine = text.split(separator: "\n").first { $0.hasPrefix("c=1") && $0.contains("TOTAL") }
        #expect(totalLine?.contains("+10.0%") == true, "\(text)")
        #expect(totalLine?.contains("-50.0%") == true, "\(text)")
        #expect(text.contains("c=8: only in the previous run"))
        #expect(text.contains("iris"))
    }
}
