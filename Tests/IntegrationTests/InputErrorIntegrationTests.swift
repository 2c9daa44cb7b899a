import Core
import Foundation
import Testing

/// Bad input caught by `kserve` itself: exit 1 (or 2 for usage), one clear line on stderr, nothing on stdout.
/// Nothing here needs a server: the URL points at a closed port, so any request sent would fail differently.
@Suite("kserve rejects bad input before sending")
struct InputErrorIntegrationTests {
    let closedURL = "http://127.0.0.1:\(PeerServer.freePort())"

    private func predict(_ stdin: String, _ extra: [String] = []) throws -> ProcessResult {
        try ProcessRunner.kserve(["predict", "--url", closedURL, "--model", "m", "-i", "-"] + extra, stdin: stdin)
    }

    @Test func invalidJSONNamesLineAndColumn() throws {
        let file = try TestPaths.temporaryFile("broken.json", contents: "{\n  \"instances\": [1, 2,,]\n}\n")
        let result = try ProcessRunner.kserve(["predict", "--url", closedURL, "--model", "m", "-i", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(file.path):2:"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func missingInputFile() throws {
        let result = try ProcessRunner.kserve(
            ["predict", "--url", closedURL, "--model", "m", "-i", "/nonexistent/input.json"]
        )
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "error: cannot read /nonexistent/input.json: No such file or directory\n")
    }

    @Test func shapeMismatch() throws {
        let result = try predict(
            #"{"inputs": [{"name": "x", "shape": [2, 4], "datatype": "FP32", "data": [1, 2, 3]}]}"#
        )
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\"x\""))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func unknownDatatype() throws {
        let result = try predict(#"{"inputs": [{"name": "x", "shape": [1], "datatype": "FLOAT32", "data": [1]}]}"#)
        #expect(result.status == 1)
        #expect(result.stderr.contains("FLOAT32"))
        #expect(result.stdout.isEmpty)
    }

    @Test func valueOfTheWrongType() throws {
        let result = try predict(#"{"inputs": [{"name": "x", "shape": [2], "datatype": "INT32", "data": [1, "two"]}]}"#)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
    }

    @Test func undetectableProtocol() throws {
        let result = try predict(#"{"rows": [1]}"#)
        #expect(result.status == 1)
        #expect(result.stderr.contains("--protocol"))
    }

    @Test func binaryWithV1IsAUsageError() throws {
        let result = try predict(#"{"instances": [[1]]}"#, ["--binary"])
        #expect(result.status == 2)
    }

    @Test func unknownFlagSuggestsTheRightOne() throws {
        let result = try ProcessRunner.kserve(["predict", "--modle", "m"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--model"))
        #expect(result.stderr.contains("kserve predict"))
    }

    @Test func unknownCommandSuggestsTheRightOne() throws {
        let result = try ProcessRunner.kserve(["modles"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("models"))
    }

    @Test func badHeaderIsAUsageError() throws {
        let result = try predict(#"{"instances": [[1]]}"#, ["-H", "no colon here"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Name: value"))
    }
}
