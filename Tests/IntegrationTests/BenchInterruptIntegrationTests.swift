import Core
import CurlHTTP
import Foundation
import Testing

/// Ctrl-C on the built `kserve bench`: a long run against `kserve serve` interrupted after its first window exits
/// promptly with 130 and prints the partial report on stdout, in the human format and as JSON.
@Suite("kserve bench Ctrl-C", .serialized)
struct BenchInterruptIntegrationTests {
    /// What an interrupted run left.
    struct Interrupted {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Seconds from SIGINT to the process's exit.
        var exitSeconds: Double
    }

    /// Starts `kserve bench ARGS` against `server`, waits until the server has answered its requests for longer
    /// than one 500 ms window, sends SIGINT and waits for the exit (killing it after 20 s).
    static func interrupt(_ server: ServeProcess, _ arguments: [String]) throws -> Interrupted {
        let process = Process()
        process.executableURL = TestPaths.kserveBinary
        process.arguments =
            [
                "bench", "--url", server.url, "-m", "iris", "--random", "-c", "2", "-d", "60s", "--window", "500ms",
                "--warmup", "200ms",
            ] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let collected = LockedText()
        let collectedErr = LockedText()
        let readers = DispatchGroup()
        for (pipe, text) in [(out, collected), (err, collectedErr)] {
            readers.enter()
            DispatchQueue.global().async {
                text.append(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
                readers.leave()
            }
        }
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
        }

        // Load has begun once the server counts answers to iris; then one window and a margin.
        let client = try HTTPClient()
        let deadline = Date().addingTimeInterval(30)
        while try successCount(client, server) == 0 {
            guard Date() < deadline, process.isRunning else {
                throw Peer.failure("kserve bench sent no request within 30 s; stderr:\n\(collectedErr.text)")
            }
            usleep(50_000)
        }
        usleep(900_000)
        #expect(process.isRunning, "kserve bench ended before Ctrl-C; stderr:\n\(collectedErr.text)")
        let signalled = Date()
        process.interrupt()
        let exited = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            process.waitUntilExit()
            exited.signal()
        }
        if exited.wait(timeout: .now() + 20) == .timedOut {
            process.terminate()
            Issue.record("kserve bench did not exit within 20 s of SIGINT")
            process.waitUntilExit()
        }
        let seconds = Date().timeIntervalSince(signalled)
        readers.wait()
        return Interrupted(
            status: process.terminationStatus,
            stdout: collected.text,
            stderr: collectedErr.text,
            exitSeconds: seconds
        )
    }

    /// Successful inferences of iris so far, from the server's statistics extension.
    static func successCount(_ client: HTTPClient, _ server: ServeProcess) throws -> Int64 {
        let response = try client.send(HTTPRequest(url: server.url + "/v2/models/iris/stats"))
        guard response.status == 200 else { return 0 }
        let json = try JSONParser.parse(response.body, source: "stats")
        return json["model_stats"]?[0]?["inference_stats"]?["success"]?["count"]?.int64Value ?? 0
    }

    @Test func humanReportIsPrintedAndTheExitIs130() throws {
        let server = try ServeProcess(["--models-dir", BenchIntegrationTests.modelsDirectory])
        let run = try Self.interrupt(server, [])
        #expect(run.status == 130, "stderr: \(run.stderr)")
        // The run was to last 60 s: exiting well before that is the interrupt's doing, however busy the machine.
        #expect(run.exitSeconds < 30, "exited \(run.exitSeconds) s after SIGINT")
        #expect(run.stdout.contains("Interrupted: the figures below are partial."), "stdout: \(run.stdout)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("Concurrency 2: ") && $0.contains("not stable") }, "\(run.stdout)")
        let row = lines.first { $0.hasPrefix("iris ") }.map { $0.split(separator: " ") }
        #expect((row.flatMap { Int($0[1]) } ?? 0) > 0, "stdout: \(run.stdout)")
        #expect(run.stderr.contains("interrupted"), "stderr: \(run.stderr)")
    }

    @Test func jsonReportIsOneDocumentWithItsWindows() throws {
        let server = try ServeProcess(["--models-dir", BenchIntegrationTests.modelsDirectory])
        let run = try Self.interrupt(server, ["-o", "json"])
        #expect(run.status == 130, "stderr: \(run.stderr)")
        #expect(run.exitSeconds < 30, "exited \(run.exitSeconds) s after SIGINT")
        let report = try JSONParser.parse(run.stdout, source: "kserve bench stdout")
        #expect(report["interrupted"] == true)
        let level = try #require(report["levels"]?[0], "no level in \(run.stdout)")
        #expect((level["total"]?["requests"]?.int64Value ?? 0) > 0)
        #expect(level["stable"] == false)
        // At least the first, full window, then the partial one that Ctrl-C cut.
        let windows = try #require(level["perWindow"]?.arrayValue)
        #expect(windows.count >= 2, "\(windows.count) windows")
        #expect(windows.count == Int(level["windows"]?.int64Value ?? -1))
        let first = try #require(windows.first)
        #expect(BenchIntegrationTests.number(first["seconds"]) == 0.5)
        #expect((first["requests"]?.int64Value ?? 0) > 0)
        // `kserve serve` has the statistics extension: the first window has its own server split.
        #expect(BenchIntegrationTests.number(first["serverComputeMicros"]) > 0, "\(JSONWriter.string(first))")
        #expect(BenchIntegrationTests.number(first["serverQueueMicros"]) >= 0)
        let sum = windows.reduce(0) { $0 + ($1["requests"]?.int64Value ?? 0) }
        #expect(sum == level["total"]?["requests"]?.int64Value)
    }
}
