import Core
import Foundation
import Testing

/// `kserve bench` (the built binary) as users run it: short real runs against `kserve serve` with the example
/// models and against the KServe Python model server, the stall test (open versus closed loop), and bad input.
@Suite("kserve bench", .serialized)
struct BenchIntegrationTests {
    static let examples = TestPaths.packageRoot.appendingPathComponent("examples")
    static var modelsDirectory: String { examples.appendingPathComponent("models").path }

    /// Runs `kserve bench ARGS -o json` and returns the parsed report.
    static func benchJSON(_ arguments: [String]) throws -> Value {
        let result = try ProcessRunner.kserve(["bench"] + arguments + ["-o", "json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try JSONParser.parse(result.stdout, source: "kserve bench stdout")
    }

    static func level(_ report: Value, _ index: Int = 0) throws -> Value {
        try #require(report["levels"]?[index], "no level \(index) in \(JSONWriter.string(report))")
    }

    static func number(_ value: Value?) -> Double {
        switch value {
        case .int(let number)?: return Double(number)
        case .uint(let number)?: return Double(number)
        case .double(let number)?: return number
        default: return .nan
        }
    }

    @Test func closedLoopAgainstServe() throws {
        let server = try ServeProcess(["--models-dir", Self.modelsDirectory])
        let report = try Self.benchJSON([
            "--url", server.url, "-m", "iris", "--random", "-c", "4", "-d", "1s", "--warmup", "300ms",
        ])
        #expect(report["schema"] == "kserve.bench/v1")
        #expect(report["mode"] == "closed")
        #expect(report["interrupted"] == false)
        let level = try Self.level(report)
        #expect(level["concurrency"] == .int(4))
        let total = try #require(level["total"])
        #expect(Self.number(total["requests"]) > 0)
        #expect(total["errors"]?["total"] == .int(0))
        #expect(Self.number(total["latencyMicros"]?["p50"]) > 0)
        #expect(Self.number(level["clientCPUPercent"]) > 0)
        // `kserve serve` has the statistics extension: the server-side split is there.
        #expect(Self.number(level["serverComputeMicros"]) > 0)
        #expect(Self.number(level["serverQueueMicros"]) >= 0)
    }

    @Test func openLoopPoissonAgainstServe() throws {
        let server = try ServeProcess(["--models-dir", Self.modelsDirectory])
        let input = Self.examples.appendingPathComponent("iris-v2.json").path
        let report = try Self.benchJSON([
            "--url", server.url, "-m", "iris", "-i", input, "--rate", "200", "--arrival", "poisson", "-d", "1500ms",
            "--warmup", "200ms",
        ])
        #expect(report["mode"] == "open")
        #expect(report["arrival"] == "poisson")
        let level = try Self.level(report)
        #expect(Self.number(level["rate"]) == 200)
        let total = try #require(level["total"])
        // Poisson at 200/s for 1.5 s: 300 expected; a generous band for the randomness of the arrivals.
        let requests = Self.number(total["requests"])
        #expect(requests > 200 && requests < 400, "\(requests)")
        #expect(total["errors"]?["total"] == .int(0))
    }

    @Test func manyModelsWithZipfAgainstServe() throws {
        let server = try ServeProcess(["--models-dir", Self.modelsDirectory])
        let report = try Self.benchJSON([
            "--url", server.url, "--models", "iris,diabetes", "--distribution", "zipf:1.1", "--random", "--binary",
            "-c", "4", "--requests", "400", "--warmup", "200ms",
        ])
        #expect(report["binary"] == true)
        let level = try Self.level(report)
        let rows = try #require(level["models"]?.arrayValue)
        #expect(rows.map { $0["model"] } == ["iris", "diabetes"])
        let counts = rows.map { Self.number($0["requests"]) }
        #expect(counts.reduce(0, +) == 400)
        // Zipf 1.1 over two models: 1 : 0.467, so the first gets about 68%.
        #expect(counts[0] > counts[1], "\(counts)")
        #expect(level["total"]?["errors"]?["total"] == .int(0))
        #expect(level["total"]?["model"] == "TOTAL")
    }

    @Test func patternExpandsFromTheEndpointsModelList() throws {
        let server = try ServeProcess(["--models-dir", Self.modelsDirectory])
        let report = try Self.benchJSON([
            "--url", server.url, "--models", "*i*", "--random", "-c", "2", "--requests", "50", "--warmup", "0s",
        ])
        let rows = try #require(try Self.level(report)["models"]?.arrayValue)
        #expect(Set(rows.compactMap { $0["model"]?.stringValue }) == ["iris", "diabetes"])
    }

    @Test func againstTheKServePythonModelServer() throws {
        let server = try PeerServer.require()
        let v1 = try TestPaths.temporaryFile("bench-v1.json", contents: #"{"instances": [[1, 2], [3, 4]]}"#)
        let closed = try Self.benchJSON([
            "--url", server.url, "-m", "row-sum", "-i", v1.path, "-c", "2", "--requests", "100", "--warmup", "200ms",
        ])
        #expect(closed["protocol"] == "v1")
        let total = try #require(try Self.level(closed)["total"])
        #expect(total["requests"] == .int(100))
        #expect(total["errors"]?["total"] == .int(0))

        let v2 = try TestPaths.temporaryFile(
            "bench-v2.json",
            contents: #"{"inputs": [{"name": "x", "shape": [2], "datatype": "FP32", "data": [1.5, 2.5]}]}"#
        )
        let binary = try Self.benchJSON([
            "--url", server.url, "-m", "echo", "-i", v2.path, "--binary", "--rate", "100", "-d", "1s",
            "--warmup", "200ms",
        ])
        #expect(binary["protocol"] == "v2")
        let openTotal = try #require(try Self.level(binary)["total"])
        #expect(Self.number(openTotal["requests"]) > 50)
        #expect(openTotal["errors"]?["total"] == .int(0))
    }

    /// The stall test: a server that pauses 200 ms once a second. An open loop keeps sending on schedule, so one
    /// request in five arrives during a stall and its latency, counted from the intended time, shows it; a closed
    /// loop at concurrency 1 sends one request into each stall among hundreds, so its p99 stays small.
    @Test func openLoopSeesTheStallThatAClosedLoopHides() throws {
        let stalling = try ScriptPeer(script: "stalling_server.py", readyPath: "/v2/health/ready")
        let input = try TestPaths.temporaryFile(
            "bench-stall.json",
            contents: #"{"inputs": [{"name": "in", "shape": [1, 1], "datatype": "FP32", "data": [[1.0]]}]}"#
        )
        let common = ["--url", stalling.url, "-m", "stall", "-i", input.path, "--warmup", "100ms", "-d", "3s"]
        let open = try Self.benchJSON(common + ["--rate", "100"])
        let closed = try Self.benchJSON(common + ["-c", "1"])
        let openTotal = try #require(try Self.level(open)["total"])
        let closedTotal = try #require(try Self.level(closed)["total"])
        let openP99 = Self.number(openTotal["latencyMicros"]?["p99"])
        let closedP99 = Self.number(closedTotal["latencyMicros"]?["p99"])
        #expect(openTotal["errors"]?["total"] == .int(0))
        #expect(closedTotal["errors"]?["total"] == .int(0))
        // Open loop: ~20% of requests fall in a stall, waiting 0-200 ms; its p99 is near 190 ms.
        #expect(openP99 >= 150_000, "open-loop p99 \(openP99) µs should show the 200 ms stall")
        // Closed loop: at most one request meets each stall (one a second: 3 s and the warmup, so 4 at most). When
        // that is under 1% of its requests, its p99 cannot show the stall, however slow the machine; a machine so
        // loaded that the closed loop sent 400 requests or fewer leaves nothing to conclude from its p99.
        let closedRequests = Self.number(closedTotal["requests"])
        let stallsMet = 4.0
        if closedRequests > 100 * stallsMet {
            #expect(closedP99 < 100_000, "closed-loop p99 \(closedP99) µs of \(closedRequests) should hide the stall")
            #expect(openP99 > 3 * closedP99, "open \(openP99) µs vs closed \(closedP99) µs")
        }
        // Yet the closed loop did meet the stalls: its maximum shows one.
        #expect(Self.number(closedTotal["latencyMicros"]?["max"]) >= 100_000)
    }

    // MARK: - Bad input

    @Test func unknownModelStopsBeforeLoad() throws {
        let server = try ServeProcess(["--models-dir", Self.modelsDirectory])
        let result = try ProcessRunner.kserve(["bench", "--url", server.url, "-m", "nope", "--random", "-d", "1s"])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("unknown model \"nope\""), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func deadPortStopsBeforeLoad() throws {
        let port = PeerServer.freePort()
        let result = try ProcessRunner.kserve([
            "bench", "--url", "http://127.0.0.1:\(port)", "-m", "iris", "--random", "-d", "1s",
        ])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("127.0.0.1:\(port)"), "stderr: \(result.stderr)")
    }

    @Test(arguments: [
        (["-c", "0"], "0"),
        (["-c", "1:64:x1"], "x1"),
        (["--rate", "0"], "--rate"),
        (["--rate", "-5"], "--rate"),
        (["--rate", "10", "-c", "4"], "exclude"),
        (["--distribution", "zipf:0"], "zipf"),
    ])
    func invalidLoadIsAUsageError(extra: [String], mentions: String) throws {
        let result = try ProcessRunner.kserve(
            ["bench", "--url", "http://127.0.0.1:9", "-m", "iris", "--random"] + extra
        )
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderr.contains(mentions), "stderr: \(result.stderr)")
    }
}
