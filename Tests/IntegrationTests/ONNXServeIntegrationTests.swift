import Core
import CurlHTTP
import Foundation
import Testing

/// `kserve serve` (the built binary) with the ONNX fixtures of Fixtures/onnx: every model's answers against
/// onnxruntime's through tritonclient (Peers/onnx_agreement_check.py), `kserve predict` (V2 JSON, V1 instances) and
/// `kserve models` against the case files' references, and the 400 for an input of the wrong datatype or shape.
@Suite("kserve serve with ONNX models against onnxruntime")
struct ONNXServeIntegrationTests {
    static let fixtures = TestPaths.packageRoot.appendingPathComponent("Tests/IntegrationTests/Fixtures/onnx")

    /// The fixtures' model names (the stems of their case files).
    static var modelNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return files.filter { $0.hasSuffix(".case.json") }.map { String($0.dropLast(".case.json".count)) }.sorted()
    }

    private func python(_ script: String, _ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            TestPaths.python,
            [TestPaths.peersDirectory.appendingPathComponent(script).path] + arguments,
            timeout: 300
        )
    }

    /// `kserve serve --models-dir` over a directory of the fixtures' .onnx files alone (the case files beside them
    /// are JSON, which the server would take for XGBoost models), once every model has loaded: models load on first
    /// use, so each one's metadata is asked for; a model that fails to load fails the test with the server's reason
    /// (an operator not supported, say).
    private func serveFixtures() throws -> ServeProcess {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent(
                "kserve-onnx-models-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
            )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in Self.modelNames {
            try FileManager.default.copyItem(
                at: Self.fixtures.appendingPathComponent("\(name).onnx"),
                to: directory.appendingPathComponent("\(name).onnx")
            )
        }
        let server = try ServeProcess(["--models-dir", directory.path])
        var configuration = HTTPClientConfiguration()
        configuration.timeout = 120
        let client = try HTTPClient(configuration: configuration)
        var failures: [String] = []
        for name in Self.modelNames {
            let response = try client.send(HTTPRequest(url: server.url + "/v2/models/\(name)"))
            if response.status != 200 { failures.append("\(name): HTTP \(response.status) \(response.bodyText)") }
        }
        guard failures.isEmpty else {
            throw Peer.failure("models that did not load:\n" + failures.joined(separator: "\n"))
        }
        return server
    }

    @Test func agreesWithONNXRuntimeThroughTritonClient() throws {
        let server = try serveFixtures()
        let result = try python("onnx_agreement_check.py", [server.url, Self.fixtures.path])
        #expect(result.status == 0, "\(result.stderr)\nserver log:\n\(server.stderr.suffix(4000))")
        guard result.status == 0 else { return }
        let summary = try JSONParser.parse(result.stdout)
        #expect(summary["checked"] == .int(Int64(Self.modelNames.count)))
        #expect(server.stop() == 0)
    }

    @Test func kservePredictV2MatchesTheReference() throws {
        let server = try serveFixtures()
        for model in [
            "logistic_regression", "logistic_regression_species", "random_forest_nozipmap", "gradient_boosting",
            "svc", "xgboost_classifier", "lightgbm_regressor", "mlp",
        ] {
            try predictV2(server: server, model: model)
        }
    }

    private func predictV2(server: ServeProcess, model: String) throws {
        try Self.predictV2(["--url", server.url], model: model) { server.stderr }
    }

    /// `kserve predict` (V2 JSON, and binary for the MLP) of the fixture's rows, reaching the model through
    /// `connection` (`--url URL`, or a kubeconfig and the InferenceService's name), against onnxruntime's outputs.
    static func predictV2(_ connection: [String], model: String, serverLog: () -> String) throws {
        let fixture = try ONNXFixture(named: model)
        // `kserve predict` reads strict JSON: the rows without NaN (V1 below sends NaN as null).
        let rows = fixture.rowsWithoutNaN
        let request: Value = [
            "inputs": .array(
                fixture.inputs.map { input in
                    [
                        "name": .string(input.name), "datatype": .string(input.datatype),
                        "shape": .array(([rows.count] + input.shape.dropFirst()).map { .int(Int64($0)) }),
                        "data": .array(rows.flatMap { input.row($0) }),
                    ]
                }
            )
        ]
        let file = try TestPaths.temporaryFile("\(model)-v2.json", contents: JSONWriter.string(request))
        let result = try ProcessRunner.kserve(["predict"] + connection + ["-m", model, "-i", file.path])
        #expect(result.status == 0, "\(result.stderr)\nserver log:\n\(serverLog().suffix(4000))")
        guard result.status == 0 else { return }
        let answer = try JSONParser.parse(result.stdout)
        let outputs = try #require(answer["outputs"]?.arrayValue)
        #expect(outputs.count == fixture.outputs.count)
        for expected in fixture.outputs {
            let got = try #require(outputs.first { $0["name"]?.stringValue == expected.name }, "no \(expected.name)")
            #expect(got["datatype"]?.stringValue == expected.datatype, "\(model) \(expected.name) datatype")
            let shape = ([rows.count] + expected.shape.dropFirst()).map { Value.int(Int64($0)) }
            #expect(got["shape"] == .array(shape), "\(model) \(expected.name) shape")
            fixture.expectAgreement(flatten(got["data"] ?? .null), rows.flatMap { expected.row($0) }, expected.name)
        }

        if model == "mlp" {
            let binary = try ProcessRunner.kserve(
                ["predict"] + connection + ["-m", model, "-i", file.path, "--binary"]
            )
            #expect(binary.status == 0, "\(binary.stderr)")
            #expect(try JSONParser.parse(binary.stdout)["outputs"] == answer["outputs"])
        }
    }

    @Test func kservePredictV1MatchesTheReference() throws {
        let server = try serveFixtures()
        for model in ["random_forest", "xgboost_classifier", "lightgbm_regressor", "mlp", "cnn"] {
            try predictV1(server: server, model: model)
        }
    }

    private func predictV1(server: ServeProcess, model: String) throws {
        let fixture = try ONNXFixture(named: model)
        let input = try #require(fixture.inputs.first)
        // Every case row, NaN as null; a row of a [N,1,28,28] input nests as the input's shape does.
        let instances: [Value] = (0..<input.rowCount).map { row in
            Self.nest(input.row(row), shape: Array(input.shape.dropFirst()))
        }
        let file = try TestPaths.temporaryFile(
            "\(model)-v1.json",
            contents: JSONWriter.string(["instances": .array(instances)])
        )
        let result = try ProcessRunner.kserve(
            ["predict", "--url", server.url, "-m", model, "-i", file.path, "--protocol", "v1"]
        )
        #expect(result.status == 0, "\(result.stderr)\nserver log:\n\(server.stderr.suffix(4000))")
        guard result.status == 0 else { return }
        let predictions = try #require(try JSONParser.parse(result.stdout)["predictions"]?.arrayValue)
        let first = try #require(fixture.outputs.first)
        #expect(predictions.count == first.rowCount, "\(model): one prediction per instance")
        fixture.expectAgreement(predictions.flatMap(flatten), first.data, first.name)
    }

    @Test func metadataDeclaresTheDynamicBatchAndTheZipMapLabels() throws {
        let server = try serveFixtures()
        let names = try ProcessRunner.kserve(["models", "--url", server.url, "-o", "name"])
        #expect(names.status == 0, "\(names.stderr)")
        #expect(names.stdout.split(separator: "\n").map(String.init).sorted() == Self.modelNames)

        func metadata(_ model: String) throws -> Value {
            let result = try ProcessRunner.kserve(["models", model, "--url", server.url, "-o", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            return try JSONParser.parse(result.stdout)
        }
        func output(_ document: Value, _ name: String) -> Value? {
            document["outputs"]?.arrayValue?.first { $0["name"]?.stringValue == name }
        }

        let linear = try metadata("logistic_regression")
        #expect(linear["platform"] == "onnx")
        #expect(linear["inputs"]?.arrayValue?.count == 1)
        #expect(linear["inputs"]?[0]?["name"] == "input")
        #expect(linear["inputs"]?[0]?["datatype"] == "FP32")
        #expect(linear["inputs"]?[0]?["shape"] == [-1, 4])
        #expect(output(linear, "output_label")?["datatype"] == "INT64")
        let probabilities = output(linear, "output_probability")
        #expect(probabilities?["datatype"] == "FP32")
        #expect(probabilities?["shape"] == [-1, 3])
        #expect(probabilities?["parameters"]?["labels"] == ["0", "1", "2"])

        let species = try metadata("logistic_regression_species")
        #expect(output(species, "output_label")?["datatype"] == "BYTES")
        #expect(
            output(species, "output_probability")?["parameters"]?["labels"] == ["setosa", "versicolor", "virginica"]
        )

        let unzipped = try metadata("logistic_regression_nozipmap")
        #expect(output(unzipped, "probabilities")?["shape"] == [-1, 3])
        #expect(output(unzipped, "probabilities")?["parameters"]?["labels"] == nil)

        let cnn = try metadata("cnn")
        #expect(cnn["inputs"]?[0]?["shape"] == [-1, 1, 28, 28])
        #expect(output(cnn, "probabilities")?["shape"] == [-1, 10])
        #expect(try metadata("mlp")["inputs"]?[0]?["shape"] == [-1, 784])
        #expect(try metadata("xgboost_regressor")["inputs"]?[0]?["shape"] == [-1, 10])
    }

    @Test func anInputOfTheWrongDatatypeOrShapeIsA400NamingIt() throws {
        let server = try serveFixtures()
        let client = try HTTPClient()
        func post(_ path: String, _ body: String) throws -> HTTPResponse {
            var headers = HTTPHeaders()
            headers.add("Content-Type", "application/json")
            return try client.send(
                HTTPRequest(method: "POST", url: server.url + path, headers: headers, body: Array(body.utf8))
            )
        }
        let wrongType = try post(
            "/v2/models/logistic_regression/infer",
            #"{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP64", "data": [5.1, 3.5, 1.4, 0.2]}]}"#
        )
        #expect(wrongType.status == 400)
        let typeError = try JSONParser.parse(wrongType.body)["error"]?.stringValue ?? ""
        for part in ["\"input\"", "FP32", "[-1,4]", "FP64 [1,4]"] {
            #expect(typeError.contains(part), "\(part) in: \(typeError)")
        }

        let wrongShape = try post(
            "/v2/models/mlp/infer",
            #"{"inputs": [{"name": "input", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]}"#
        )
        #expect(wrongShape.status == 400)
        let shapeError = try JSONParser.parse(wrongShape.body)["error"]?.stringValue ?? ""
        for part in ["\"input\"", "FP32 [-1,784]", "FP32 [1,3]"] {
            #expect(shapeError.contains(part), "\(part) in: \(shapeError)")
        }

        let wrongRank = try post(
            "/v2/models/cnn/infer",
            #"{"inputs": [{"name": "input", "shape": [1, 784], "datatype": "FP32", "data": [\#(Array(repeating: "0", count: 784).joined(separator: ","))]}]}"#
        )
        #expect(wrongRank.status == 400)
        let rankError = try JSONParser.parse(wrongRank.body)["error"]?.stringValue ?? ""
        #expect(rankError.contains("[-1,1,28,28]") && rankError.contains("[1,784]"), "\(rankError)")

        let v1 = try post("/v1/models/logistic_regression:predict", #"{"instances": [[1, 2, 3]]}"#)
        #expect(v1.status == 400, "\(v1.bodyText)")

        let good = try post(
            "/v2/models/logistic_regression/infer",
            #"{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [5.1, 3.5, 1.4, 0.2]}]}"#
        )
        #expect(good.status == 200, "\(good.bodyText)")
        #expect(server.isRunning)
    }

    /// A flat row as nested arrays of `shape` (the row itself for a one-dimensional shape).
    static func nest(_ values: [Value], shape: [Int]) -> Value {
        guard shape.count > 1, let first = shape.first, first > 0 else { return .array(values) }
        let step = values.count / first
        return .array(
            (0..<first).map { index in
                nest(Array(values[(index * step)..<((index + 1) * step)]), shape: Array(shape.dropFirst()))
            }
        )
    }
}
