import Core
import CurlHTTP
import Foundation
import Testing

/// `kserve bench --compare previous.json` as users run it: two short runs against `kserve serve`, the second
/// printing its changes against the first; and the files it refuses before sending any load.
@Suite("kserve bench --compare", .serialized)
struct BenchCompareIntegrationTests {
    static let load = ["-m", "iris", "--random", "-c", "2", "--requests", "200", "--warmup", "100ms"]

    @Test func secondRunPrintsItsChangesAgainstTheFirst() throws {
        let server = try ServeProcess(["--models-dir", BenchIntegrationTests.modelsDirectory])
        let first = try ProcessRunner.kserve(["bench", "--url", server.url] + Self.load + ["-o", "json"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let previous = try TestPaths.temporaryFile("bench-previous.json", contents: first.stdout)

        // Human output: the report, then the comparison on stdout.
        let second = try ProcessRunner.kserve(
            ["bench", "--url", server.url] + Self.load + ["--compare", previous.path]
        )
        #expect(second.status == 0, "stderr: \(second.stderr)")
        let parts = second.stdout.components(separatedBy: "\nCompared with \(server.url) started ")
        #expect(parts.count == 2, "stdout: \(second.stdout)")
        #expect(parts.first?.contains("Concurrency 2: ") == true)
        let comparison = parts.last ?? ""
        let rows: [[String]] = comparison.split(separator: "\n").map { line in
            line.split(separator: " ").map(String.init)
        }
        let row = rows.first { cells in cells.count > 1 && cells[0] == "c=2" && cells[1] == "iris" }
        let cells = try #require(row, "no c=2 iris row in: \(comparison)")
        // LEVEL MODEL old -> new CHANGE old -> new CHANGE old -> new CHANGE
        #expect(cells.count == 14, "\(cells)")
        for index in [5, 9, 13] {
            let change = cells[index]
            let signed = change.hasPrefix("+") || change.hasPrefix("-")
            let number = Double(String(change.dropFirst().dropLast()))
            #expect(signed && change.hasSuffix("%") && number != nil, "\(change) in \(cells)")
        }
        #expect(!comparison.contains("only in"), "\(comparison)")

        // JSON output: stdout stays one document; the comparison goes to stderr, with a level the first run lacks.
        let third = try ProcessRunner.kserve(
            [
                "bench", "--url", server.url, "-m", "iris", "--random", "-c", "1:2:+1", "--requests", "100",
                "--warmup", "0s", "-o", "json", "--compare", previous.path,
            ]
        )
        #expect(third.status == 0, "stderr: \(third.stderr)")
        let report = try JSONParser.parse(third.stdout, source: "kserve bench stdout")
        #expect(report["levels"]?.arrayValue?.count == 2)
        #expect(third.stderr.contains("Compared with \(server.url)"), "stderr: \(third.stderr)")
        #expect(third.stderr.contains("c=1: only in this run"), "stderr: \(third.stderr)")
        #expect(third.stderr.contains("c=2"))
    }

    @Test(arguments: [
        ("bench-v9.json", #"{"schema": "kserve.bench/v9", "levels": []}"#, "kserve.bench/v9"),
        ("bench-not-json.csv", "Concurrency,Inferences/Second\n1,100\n", "bench-not-json.csv"),
        ("bench-no-schema.json", #"{"levels": []}"#, "not a kserve bench report"),
    ])
    func unreadableFileFailsBeforeAnyLoad(name: String, contents: String, mentions: String) throws {
        let server = try ServeProcess(["--models-dir", BenchIntegrationTests.modelsDirectory])
        let file = try TestPaths.temporaryFile(name, contents: contents)
        let result = try ProcessRunner.kserve(
            ["bench", "--url", server.url] + Self.load + ["--compare", file.path]
        )
        // A file that is not a report of this schema is a failure (1), not a usage error: the flag was right.
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains(mentions), "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty, "stdout: \(result.stdout)")
        let client = try HTTPClient()
        let stats = try client.send(HTTPRequest(url: server.url + "/v2/models/iris/stats"))
        let json = try JSONParser.parse(stats.body, source: "stats")
        // No entry (the model was never used) or a count of 0.
        let successes = json["model_stats"]?[0]?["inference_stats"]?["success"]?["count"]?.int64Value ?? 0
        #expect(successes == 0, "the run must stop before sending load")
    }
}
