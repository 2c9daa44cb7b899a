import Core
import CurlHTTP
import Foundation
import Testing

/// `kserve serve` (the built binary) driven by real clients: tritonclient, the KServe Python SDK, and `kserve`
/// itself; answers are checked against xgboost's and lightgbm's own predictions.
@Suite("kserve serve with real clients")
struct ServeIntegrationTests {
    static let examples = TestPaths.packageRoot.appendingPathComponent("examples")
    static let irisModel = examples.appendingPathComponent("models/iris/model.json").path
    static let diabetesModel = examples.appendingPathComponent("models/diabetes/model.txt").path

    private func python(_ script: String, _ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            TestPaths.python,
            [TestPaths.peersDirectory.appendingPathComponent(script).path] + arguments,
            timeout: 120
        )
    }

    @Test func tritonClientAgreesWithTheLibraries() throws {
        let server = try ServeProcess([
            "--model", "iris=\(Self.irisModel)", "--model", "diabetes=\(Self.diabetesModel)",
        ])
        let result = try python(
            "triton_client_check.py",
            [server.url, "iris", Self.irisModel, "diabetes", Self.diabetesModel]
        )
        #expect(result.status == 0, "\(result.stderr)\nserver log:\n\(server.stderr)")
        let summary = try JSONParser.parse(result.stdout)
        #expect(summary["unknown_model_status"] == "404" || summary["unknown_model_status"] == .int(404))
        #expect(server.stop() == 0)
    }

    @Test func kserveSDKAgreesWithXGBoost() throws {
        let server = try ServeProcess(["--models-dir", Self.examples.appendingPathComponent("models").path])
        let result = try python("sdk_client_check.py", [server.url, "iris", Self.irisModel])
        #expect(result.status == 0, "\(result.stderr)\nserver log:\n\(server.stderr)")
    }

    @Test func kservePredictAndModels() throws {
        let server = try ServeProcess(["--models-dir", Self.examples.appendingPathComponent("models").path])
        let list = try ProcessRunner.kserve(["models", "--url", server.url, "-o", "name"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.split(separator: "\n").sorted() == ["diabetes", "iris"])

        let metadata = try ProcessRunner.kserve(["models", "iris", "--url", server.url, "-o", "json"])
        #expect(metadata.status == 0, "\(metadata.stderr)")
        let inputs = try #require(try JSONParser.parse(metadata.stdout)["inputs"]?.arrayValue)
        #expect(inputs.first?["shape"] == [-1, 4])

        for input in ["iris-v1.json", "iris-v2.json"] {
            let path = Self.examples.appendingPathComponent(input).path
            let result = try ProcessRunner.kserve(["predict", "--url", server.url, "-m", "iris", "-i", path])
            #expect(result.status == 0, "\(input): \(result.stderr)")
            let binary = try ProcessRunner.kserve(
                ["predict", "--url", server.url, "-m", "iris", "-i", path, "--binary"]
            )
            if input.contains("v2") {
                #expect(binary.status == 0, "\(binary.stderr)")
                #expect(try JSONParser.parse(binary.stdout)["outputs"] == JSONParser.parse(result.stdout)["outputs"])
            }
        }
        let unknown = try ProcessRunner.kserve(
            [
                "predict", "--url", server.url, "-m", "nope", "-i",
                Self.examples.appendingPathComponent("iris-v2.json").path,
            ]
        )
        #expect(unknown.status == 5)
    }

    @Test func badRequestsLeaveTheServerServing() throws {
        let server = try ServeProcess(["--models-dir", Self.examples.appendingPathComponent("models").path])
        let client = try HTTPClient()
        let bodies: [(String, String)] = [
            ("/v2/models/iris/infer", "{not json"),
            (
                "/v2/models/iris/infer",
                #"{"inputs": [{"name": "input-0", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]}"#
            ),
            (
                "/v2/models/iris/infer",
                #"{"inputs": [{"name": "input-0", "shape": [2, 4], "datatype": "FP32", "data": [1]}]}"#
            ),
            ("/v1/models/iris:predict", #"{"instances": "x"}"#),
            ("/v2/models/nope/infer", #"{"inputs": []}"#),
        ]
        for (path, body) in bodies {
            var headers = HTTPHeaders()
            headers.add("Content-Type", "application/json")
            let response = try client.send(
                HTTPRequest(method: "POST", url: server.url + path, headers: headers, body: Array(body.utf8))
            )
            #expect((400..<500).contains(response.status), "\(path) \(body) -> \(response.status)")
            let error = try JSONParser.parse(response.body)["error"]?.stringValue
            #expect(error?.isEmpty == false, "\(path): \(response.bodyText)")
        }
        let good = try ProcessRunner.kserve(
            [
                "predict", "--url", server.url, "-m", "iris", "-i",
                Self.examples.appendingPathComponent("iris-v2.json").path,
            ]
        )
        #expect(good.status == 0, "\(good.stderr)")
        #expect(server.isRunning)
    }

    @Test func refusesAPublicAddressWithoutAToken() throws {
        let result = try ProcessRunner.kserve(["serve", "--address", "0.0.0.0", "--port", "0"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--token"))
    }

    @Test func tokenGuardsEveryRouteButHealth() throws {
        let server = try ServeProcess([
            "--models-dir", Self.examples.appendingPathComponent("models").path, "--token", "s3cret",
        ])
        let client = try HTTPClient()
        #expect(try client.send(HTTPRequest(url: server.url + "/v2/health/ready")).status == 200)
        #expect(try client.send(HTTPRequest(url: server.url + "/v2/models")).status == 401)
        let allowed = try ProcessRunner.kserve(
            ["models", "--url", server.url, "-H", "Authorization: Bearer s3cret", "-o", "name"]
        )
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }
}
