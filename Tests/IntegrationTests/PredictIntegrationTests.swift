import Core
import Foundation
import Testing

/// `kserve predict` (the built binary) against the real KServe Python model server, compared with the answers the
/// KServe Python SDK's own client gets for the same input.
@Suite("kserve predict against the KServe Python model server")
struct PredictIntegrationTests {
    static let v2Input = """
        {"id": "req-1", "inputs": [
          {"name": "ints", "shape": [2, 2], "datatype": "INT32", "data": [[1, 2], [3, 4]]},
          {"name": "big", "shape": [2], "datatype": "INT64", "data": [-9007199254740993, 9007199254740993]},
          {"name": "bytes", "shape": [1], "datatype": "UINT8", "data": [255]},
          {"name": "floats", "shape": [3], "datatype": "FP32", "data": [0.1, 2.5, -3.25]},
          {"name": "doubles", "shape": [2], "datatype": "FP64", "data": [0.1, 1e-300]},
          {"name": "flags", "shape": [2], "datatype": "BOOL", "data": [true, false]},
          {"name": "text", "shape": [2], "datatype": "BYTES", "data": ["hello", "wörld"]}
        ]}
        """

    /// FP16 and the small integer types travel only in binary form here (KServe refuses FP16 in JSON).
    static let binaryInput = """
        {"id": "req-2", "inputs": [
          {"name": "half", "shape": [4], "datatype": "FP16", "data": [1.5, -2.0, 0.1, 65504]},
          {"name": "i8", "shape": [2], "datatype": "INT8", "data": [-128, 127]},
          {"name": "u16", "shape": [2], "datatype": "UINT16", "data": [0, 65535]},
          {"name": "u64", "shape": [1], "datatype": "UINT64", "data": [18446744073709551615]},
          {"name": "floats", "shape": [2, 2], "datatype": "FP32", "data": [[0.1, 0.2], [0.3, 0.4]]},
          {"name": "flags", "shape": [3], "datatype": "BOOL", "data": [true, false, true]},
          {"name": "text", "shape": [3], "datatype": "BYTES", "data": ["a", "", "längre text"]}
        ]}
        """

    @Test func v1PredictPrintsExactlyTheServersAnswer() throws {
        let server = try PeerServer.require()
        let input = try TestPaths.temporaryFile("v1.json", contents: #"{"instances": [[1, 2], [3, 4.5], [0.1, 0.2]]}"#)
        let result = try ProcessRunner.kserve(["predict", "--url", server.url, "--model", "row-sum", "-i", input.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let ours = try JSONParser.parse(result.stdout, source: "kserve stdout")
        let reference = try Reference.answer(server: server, model: "row-sum", input: input, protocol: "v1")
        #expect(ours == reference)
        #expect(ours["predictions"]?[0] == .double(3.0))
    }

    @Test func v1FromStandardInput() throws {
        let server = try PeerServer.require()
        let result = try ProcessRunner.kserve(
            ["predict", "--url", server.url, "--model", "row-sum", "--input", "-"],
            stdin: #"{"instances": [[10, 20]]}"#
        )
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(try JSONParser.parse(result.stdout) == ["predictions": [30.0]])
    }

    @Test func v2JSONPredictMatchesTheSDK() throws {
        let server = try PeerServer.require()
        let input = try TestPaths.temporaryFile("v2.json", contents: Self.v2Input)
        let result = try ProcessRunner.kserve(["predict", "--url", server.url, "--model", "echo", "-i", input.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let ours = try JSONParser.parse(result.stdout, source: "kserve stdout")
        let reference = try Reference.answer(server: server, model: "echo", input: input, protocol: "v2")
        try expectSameOutputs(ours, reference)
        #expect(ours["id"] == "req-1")
        #expect(ours["model_name"] == "echo")
    }

    @Test func v2BinaryPredictMatchesTheSDK() throws {
        let server = try PeerServer.require()
        let input = try TestPaths.temporaryFile("v2-binary.json", contents: Self.binaryInput)
        let result = try ProcessRunner.kserve(
            ["predict", "--url", server.url, "--model", "echo", "-i", input.path, "--binary", "-vv"]
        )
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let ours = try JSONParser.parse(result.stdout, source: "kserve stdout")
        let reference = try Reference.answer(server: server, model: "echo", input: input, protocol: "v2", binary: true)
        try expectSameOutputs(ours, reference)
        // -vv shows the request line on stderr, never on stdout.
        #expect(result.stderr.contains("POST \(server.url)/v2/models/echo/infer"))
    }

    @Test func v2TableShowsEachOutput() throws {
        let server = try PeerServer.require()
        let input = try TestPaths.temporaryFile("v2-table.json", contents: Self.v2Input)
        let result = try ProcessRunner.kserve(
            ["predict", "--url", server.url, "--model", "echo", "-i", input.path, "-o", "table"]
        )
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("OUTPUT") == true)
        #expect(lines.contains { $0.hasPrefix("OUT_ints") && $0.contains("INT32") && $0.contains("[2,2]") })
        #expect(lines.contains { $0.hasPrefix("OUT_text") && $0.contains("\"hello\"") })
    }

    @Test func unknownModelIsNotFound() throws {
        let server = try PeerServer.require()
        let result = try ProcessRunner.kserve(
            ["predict", "--url", server.url, "--model", "nope", "--input", "-"],
            stdin: #"{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}]}"#
        )
        #expect(result.status == 5)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("404"))
        #expect(result.stderr.contains("Model with name nope does not exist"))
    }

    @Test func invalidInputRejectedByTheServerIs400() throws {
        let server = try PeerServer.require()
        let result = try ProcessRunner.kserve(
            ["predict", "--url", server.url, "--model", "row-sum", "--protocol", "v1", "-i", "-"],
            stdin: #"{"instances": [["not", "numbers"]]}"#
        )
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("HTTP 400"))
        #expect(result.stderr.contains("instances must be rows of numbers"))
    }

    @Test func modelFailureShowsTheServersMessage() throws {
        let server = try PeerServer.require()
        let result = try ProcessRunner.kserve(
            ["predict", "--url", server.url, "--model", "failing", "-i", "-"],
            stdin: #"{"inputs": [{"name": "x", "shape": [1], "datatype": "INT32", "data": [1]}]}"#
        )
        #expect(result.status == 1)
        #expect(result.stderr.contains("HTTP 500"))
        #expect(result.stderr.contains("the failing model always fails"))
    }

    @Test func slowServerHitsTheTimeout() throws {
        let server = try PeerServer.require()
        let started = Date()
        let result = try ProcessRunner.kserve(
            ["predict", "--url", server.url, "--model", "slow", "--timeout", "1s", "-i", "-"],
            stdin: #"{"inputs": [{"name": "x", "shape": [1], "datatype": "INT32", "data": [1]}]}"#
        )
        #expect(result.status == 3)
        #expect(result.stderr.contains("timed out"))
        #expect(result.stdout.isEmpty)
        // The model answers after 60 s (SLOW_SECONDS): ending well before that is the 1 s timeout's doing, however
        // busy the machine.
        #expect(Date().timeIntervalSince(started) < 30, "the 1 s timeout should end the call long before 60 s")
    }

    @Test func serverDownIsConnectionRefused() throws {
        let port = PeerServer.freePort()
        let result = try ProcessRunner.kserve(
            ["predict", "--url", "http://127.0.0.1:\(port)", "--model", "echo", "-i", "-"],
            stdin: #"{"instances": [[1]]}"#
        )
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("connection refused"))
    }

    /// Compares V2 outputs by name: same datatype, shape and values (numbers compared as doubles).
    private func expectSameOutputs(_ ours: Value, _ reference: Value) throws {
        let ourOutputs = try #require(ours["outputs"]?.arrayValue)
        let referenceOutputs = try #require(reference["outputs"]?.arrayValue)
        #expect(ourOutputs.count == referenceOutputs.count)
        for expected in referenceOutputs {
            let name = try #require(expected["name"]?.stringValue)
            let actual = try #require(ourOutputs.first { $0["name"]?.stringValue == name }, "missing output \(name)")
            #expect(actual["datatype"] == expected["datatype"], "datatype of \(name)")
            #expect(actual["shape"] == expected["shape"], "shape of \(name)")
            let actualData = flatten(try #require(actual["data"]))
            let expectedData = flatten(try #require(expected["data"]))
            #expect(actualData.count == expectedData.count, "element count of \(name)")
            for (position, (left, right)) in zip(actualData, expectedData).enumerated() {
                #expect(sameScalar(left, right), "\(name)[\(position)]: \(left) vs \(right)")
            }
        }
    }

    private func flatten(_ value: Value) -> [Value] {
        if case .array(let elements) = value { return elements.flatMap(flatten) }
        return [value]
    }

    /// Integers must match exactly; floats must be the same double (no tolerance: the bits must survive).
    private func sameScalar(_ left: Value, _ right: Value) -> Bool {
        switch (left, right) {
        case (.int, .int), (.uint, .uint), (.int, .uint), (.uint, .int): return left == right
        case (.double(let a), .double(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.double(let a), .int(let b)), (.int(let b), .double(let a)): return a == Double(b)
        default: return left == right
        }
    }
}
