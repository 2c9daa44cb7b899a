import Core
import Foundation
import HummingbirdTesting
import Inference
import Reconciler
import Runtime
import Server
import ServingTestSupport
import Testing

@Suite("V2 routes")
struct V2RoutesTests {
    @Test func serverMetadataNamesTheExtensions() async throws {
        var configuration = ServerConfiguration()
        configuration.serverVersion = "9.8.7"
        try await TestServer.with([], configuration: configuration) { client, _ in
            let reply = try await client.get("/v2")
            #expect(reply.status == 200)
            let metadata = try ServerMetadata.from(json: try #require(reply.json), source: "GET /v2")
            #expect(metadata.name == "kserve")
            #expect(metadata.version == "9.8.7")
            for name in ["binary_tensor_data", "model_repository", "statistics", "classification"] {
                #expect(metadata.extensions.contains(name))
            }
        }
    }

    @Test func healthAndModelList() async throws {
        let models = [
            TestServer.source("b-model", .xgboost, "binary_logistic"),
            TestServer.source("a-model", .lightgbm, "regression"),
        ]
        try await TestServer.with(models) { client, _ in
            let live = try await client.get("/v2/health/live")
            #expect(live.status == 200)
            #expect(live.json == ["live": true])
            let ready = try await client.get("/v2/health/ready")
            #expect(ready.status == 200)
            #expect(ready.json == ["ready": true])
            let list = try await client.get("/v2/models")
            #expect(list.json == ["models": ["a-model", "b-model"]])
        }
    }

    @Test func unknownModelIs404Everywhere() async throws {
        try await TestServer.with([TestServer.source("known", .xgboost, "binary_logistic")]) { client, _ in
            let request = JSONWriter.bytes(V2JSONCodec.encodeRequest(InferRequest(inputs: [])))
            let replies = [
                try await client.get("/v2/models/nope"),
                try await client.get("/v2/models/nope/ready"),
                try await client.send(.post, "/v2/models/nope/infer", body: request),
                try await client.get("/v2/models/nope/stats"),
            ]
            for reply in replies {
                #expect(reply.status == 404)
                #expect(reply.error == "Model with name nope does not exist.")
            }
            let noRoute = try await client.get("/v2/nowhere")
            #expect(noRoute.status == 404)
            #expect(noRoute.error?.contains("/v2/nowhere") == true)
        }
    }

    @Test func metadataComesFromTheModelFile() async throws {
        let xgboost = try TreeFixture.load(.xgboost, "multi_softprob")
        let lightgbm = try TreeFixture.load(.lightgbm, "regression")
        let models = [
            TestServer.source("x", .xgboost, "multi_softprob"), TestServer.source("l", .lightgbm, "regression"),
        ]
        try await TestServer.with(models) { client, _ in
            let x = try ModelMetadata.from(json: try #require(try await client.get("/v2/models/x").json), source: "x")
            #expect(x.name == "x")
            #expect(x.platform == "xgboost")
            #expect(x.versions == ["1"])
            #expect(
                x.inputs == [
                    TensorMetadata(name: "input-0", datatype: "FP32", shape: [-1, Int64(xgboost.featureCount)])
                ]
            )
            #expect(
                x.outputs == [
                    TensorMetadata(name: "output-0", datatype: "FP32", shape: [-1, Int64(xgboost.outputsPerRow)])
                ]
            )
            let l = try ModelMetadata.from(json: try #require(try await client.get("/v2/models/l").json), source: "l")
            #expect(l.platform == "lightgbm")
            #expect(
                l.inputs == [
                    TensorMetadata(name: "input-0", datatype: "FP64", shape: [-1, Int64(lightgbm.featureCount)])
                ]
            )
            #expect(l.outputs == [TensorMetadata(name: "output-0", datatype: "FP64", shape: [-1])])
            let versioned = try await client.get("/v2/models/l/versions/1")
            #expect(versioned.status == 200)
            let otherVersion = try await client.get("/v2/models/l/versions/2")
            #expect(otherVersion.status == 404)
            #expect(otherVersion.error?.contains("no version 2") == true)
        }
    }

    @Test(
        arguments: [
            (ModelFormat.xgboost, "binary_logistic"), (.xgboost, "multi_softprob"), (.xgboost, "reg_squarederror"),
            (.lightgbm, "regression_nan"), (.lightgbm, "multiclass"), (.lightgbm, "binary"),
        ]
    )
    func jsonInferenceMatchesTheLibrary(format: ModelFormat, name: String) async throws {
        let fixture = try TreeFixture.load(format, name).jsonRows
        try await TestServer.with([TestServer.source("m", format, name)]) { client, _ in
            let body = JSONWriter.bytes(V2JSONCodec.encodeRequest(Requests.v2(fixture, id: "req-7")))
            let reply = try await client.send(.post, "/v2/models/m/infer", body: body)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.header("Content-Type") == "application/json")
            #expect(reply.header(BinaryBody.headerName) == nil)
            let response = try V2JSONCodec.decodeResponse(try #require(reply.json), source: "reply")
            #expect(response.modelName == "m")
            #expect(response.modelVersion == "1")
            #expect(response.id == "req-7")
            let output = try #require(response.outputs.first)
            #expect(output.name == "output-0")
            let rows = Int64(fixture.rows.count)
            #expect(output.shape == (fixture.outputsPerRow == 1 ? [rows] : [rows, Int64(fixture.outputsPerRow)]))
            #expect(output.datatype == (format == .xgboost ? .fp32 : .fp64))
            #expect(Requests.identical(try #require(Requests.doubles(output.data)), fixture.expected))
        }
    }

    @Test(
        arguments: [
            (ModelFormat.xgboost, "binary_logistic"), (.lightgbm, "binary"), (.lightgbm, "multiclass"),
        ]
    )
    func binaryRoundTrip(format: ModelFormat, name: String) async throws {
        // Every row, infinities included: binary tensor data carries any value.
        let fixture = try TreeFixture.load(format, name)
        try await TestServer.with([TestServer.source("m", format, name)]) { client, _ in
            let request = Requests.v2(fixture, outputs: [RequestedOutput(name: "output-0")])
            let body = try V2BinaryCodec.encodeRequest(request, binaryInputs: true, binaryOutputs: true)
            let headerLength = try #require(body.jsonHeaderLength)
            let reply = try await client.send(
                .post,
                "/v2/models/m/infer",
                body: body.bytes,
                headers: [BinaryBody.headerName: String(headerLength), "Content-Type": BinaryBody.contentType]
            )
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.header("Content-Type") == BinaryBody.contentType)
            let answerHeader = try #require(reply.header(BinaryBody.headerName).flatMap { Int($0) })
            let response = try V2BinaryCodec.decodeResponse(
                BinaryBody(bytes: reply.body, jsonHeaderLength: answerHeader),
                source: "reply"
            )
            let output = try #require(response.outputs.first)
            #expect(Requests.identical(try #require(Requests.doubles(output.data)), fixture.expected))
            // The JSON header announces the binary size and carries no data.
            let header = try JSONParser.parse(Array(reply.body.prefix(answerHeader)), source: "header")
            let announced = header["outputs"]?[0]?["parameters"]?["binary_data_size"]?.int64Value
            #expect(announced == Int64(reply.body.count - answerHeader))
            #expect(header["outputs"]?[0]?["data"] == nil)
        }
    }

    /// Over a live connection, so that the headers and lengths go through the HTTP stack.
    @Test func binaryOutputOnlyWhenAsked() async throws {
        let fixture = try TreeFixture.load(.xgboost, "binary_logistic").jsonRows
        var configuration = ServerConfiguration()
        configuration.port = 0
        let models = [TestServer.source("m", .xgboost, "binary_logistic")]
        try await TestServer.with(models, configuration: configuration, setup: .live) { client, _ in
            // JSON in, binary out through the output's own parameter.
            let asked = Requests.v2(
                fixture,
                outputs: [RequestedOutput(name: "output-0", parameters: ["binary_data": true])]
            )
            let reply = try await client.send(
                .post,
                "/v2/models/m/infer",
                body: JSONWriter.bytes(V2JSONCodec.encodeRequest(asked))
            )
            #expect(reply.status == 200)
            let length = try #require(reply.header(BinaryBody.headerName).flatMap { Int($0) })
            let response = try V2BinaryCodec.decodeResponse(
                BinaryBody(bytes: reply.body, jsonHeaderLength: length),
                source: "reply"
            )
            #expect(Requests.identical(try #require(Requests.doubles(response.outputs[0].data)), fixture.expected))
            // Binary in, JSON out when no output asks for binary data.
            let body = try V2BinaryCodec.encodeRequest(Requests.v2(fixture), binaryInputs: true, binaryOutputs: false)
            let jsonReply = try await client.send(
                .post,
                "/v2/models/m/infer",
                body: body.bytes,
                headers: [BinaryBody.headerName: String(try #require(body.jsonHeaderLength))]
            )
            #expect(jsonReply.status == 200)
            #expect(jsonReply.header(BinaryBody.headerName) == nil)
            let decoded = try V2JSONCodec.decodeResponse(try #require(jsonReply.json), source: "reply")
            #expect(Requests.identical(try #require(Requests.doubles(decoded.outputs[0].data)), fixture.expected))
        }
    }

    @Test func classificationReturnsTopClasses() async throws {
        let fixture = try TreeFixture.load(.xgboost, "multi_softprob").jsonRows
        try await TestServer.with([TestServer.source("m", .xgboost, "multi_softprob")]) { client, _ in
            let request = Requests.v2(
                fixture,
                outputs: [RequestedOutput(name: "output-0", parameters: ["classification": 2])]
            )
            let reply = try await client.send(
                .post,
                "/v2/models/m/infer",
                body: JSONWriter.bytes(V2JSONCodec.encodeRequest(request))
            )
            #expect(reply.status == 200, "\(reply.text)")
            let output = try V2JSONCodec.decodeResponse(try #require(reply.json), source: "reply").outputs[0]
            #expect(output.datatype == .bytes)
            #expect(output.shape == [Int64(fixture.rows.count), 2])
            guard case .bytes(let strings) = output.data else {
                Issue.record("classification output is not BYTES")
                return
            }
            let perRow = fixture.outputsPerRow
            for row in 0..<fixture.rows.count {
                let values = Array(fixture.expected[(row * perRow)..<((row + 1) * perRow)])
                let order = values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
                for rank in 0..<2 {
                    let expected = String(format: "%f:%d", values[order[rank]], order[rank])
                    #expect(String(decoding: strings[row * 2 + rank], as: UTF8.self) == expected)
                }
            }
        }
    }

    @Test func badRequestsAre400AndTheModelKeepsServing() async throws {
        let fixture = try TreeFixture.load(.xgboost, "binary_logistic").jsonRows
        try await TestServer.with([TestServer.source("m", .xgboost, "binary_logistic")]) { client, _ in
            let good = JSONWriter.bytes(V2JSONCodec.encodeRequest(Requests.v2(fixture)))
            let features = fixture.featureCount
            let cases: [(String, [UInt8], [String: String], String)] = [
                ("malformed JSON", Array("{\"inputs\": [".utf8), [:], "inference request"),
                ("not an object", Array("[1, 2]".utf8), [:], "expected an object"),
                (
                    "wrong feature count",
                    Array(#"{"inputs":[{"name":"input-0","shape":[1,2],"datatype":"FP32","data":[1,2]}]}"#.utf8),
                    [:], "\(features) features"
                ),
                (
                    "data shorter than shape",
                    Array(#"{"inputs":[{"name":"input-0","shape":[2,2],"datatype":"FP32","data":[1,2,3]}]}"#.utf8),
                    [:], "input-0"
                ),
                (
                    "unknown output",
                    JSONWriter.bytes(
                        V2JSONCodec.encodeRequest(
                            Requests.v2(fixture, outputs: [RequestedOutput(name: "probabilities")])
                        )
                    ),
                    [:], "probabilities"
                ),
                ("header length not a number", good, [BinaryBody.headerName: "twelve"], BinaryBody.headerName),
                ("header length past the body", good, [BinaryBody.headerName: String(good.count + 1)], "does not fit"),
            ]
            for (what, body, headers, mention) in cases {
                let reply = try await client.send(.post, "/v2/models/m/infer", body: body, headers: headers)
                #expect(reply.status == 400, "\(what): \(reply.text)")
                #expect(reply.error?.contains(mention) == true, "\(what): \(reply.text)")
            }
            let binary = try V2BinaryCodec.encodeRequest(Requests.v2(fixture), binaryInputs: true, binaryOutputs: false)
            let length = try #require(binary.jsonHeaderLength)
            let truncated = try await client.send(
                .post,
                "/v2/models/m/infer",
                body: Array(binary.bytes.dropLast(3)),
                headers: [BinaryBody.headerName: String(length)]
            )
            #expect(truncated.status == 400)
            #expect(truncated.error?.contains("binary_data_size") == true, "\(truncated.text)")
            let after = try await client.send(.post, "/v2/models/m/infer", body: good)
            #expect(after.status == 200)
        }
    }

    /// A model that cannot load is never reported ready, not even before anything asked for it.
    @Test func aNeverLoadedBrokenModelIsNotReady() async throws {
        let directory = try TemporaryDirectory()
        let broken = directory.path + "/broken.json"
        try Data("{\"learner\": {\"truncated".utf8).write(to: URL(fileURLWithPath: broken))
        try await TestServer.with([ModelSource(name: "broken", path: broken)]) { client, repository in
            #expect(await repository.status("broken")?.state == .unavailable)
            for path in ["/v2/models/broken/ready", "/v1/models/broken"] {
                let ready = try await client.get(path)
                #expect(ready.status == 503, "\(path)")
                #expect(ready.error?.contains("failed to load") == true, "\(path): \(ready.text)")
            }
            #expect(await repository.status("broken")?.state == .failed)
        }
    }

    @Test func aBrokenModelFileFailsAloneWith503() async throws {
        let directory = try TemporaryDirectory()
        let broken = directory.path + "/broken.json"
        try Data("{\"learner\": {\"truncated".utf8).write(to: URL(fileURLWithPath: broken))
        let fixture = try TreeFixture.load(.lightgbm, "binary").jsonRows
        let models = [ModelSource(name: "broken", path: broken), TestServer.source("good", .lightgbm, "binary")]
        try await TestServer.with(models) { client, _ in
            let request = JSONWriter.bytes(V2JSONCodec.encodeRequest(Requests.v2(fixture)))
            let failed = try await client.send(.post, "/v2/models/broken/infer", body: request)
            #expect(failed.status == 503)
            #expect(failed.error?.hasPrefix("Model with name broken is not ready") == true, "\(failed.text)")
            let ready = try await client.get("/v2/models/broken/ready")
            #expect(ready.status == 503)
            #expect(ready.error?.contains("failed to load") == true, "\(ready.text)")
            let metadata = try await client.get("/v2/models/broken")
            #expect(metadata.status == 503)
            let good = try await client.send(.post, "/v2/models/good/infer", body: request)
            #expect(good.status == 200)
            #expect(try await client.get("/v2/health/ready").status == 200)
        }
    }

    @Test func readinessFollowsTheModel() async throws {
        try await TestServer.with([TestServer.source("m", .lightgbm, "regression")]) { client, repository in
            // Registered but never loaded: the probe loads it, and it is ready because the load succeeded.
            #expect(await repository.status("m")?.state == .unavailable)
            let lazy = try await client.get("/v2/models/m/ready")
            #expect(lazy.status == 200)
            #expect(lazy.json == ["name": "m", "ready": true])
            #expect(await repository.status("m")?.state == .ready)
            #expect(try await client.get("/v2/models/m/versions/1/ready").status == 200)
            try await repository.unload("m")
            let unloaded = try await client.get("/v2/models/m/ready")
            #expect(unloaded.status == 503)
            #expect(unloaded.error?.contains("unloaded") == true)
        }
    }

    /// Python's json module writes NaN and infinities as bare words; the server reads them as tritonclient sends them.
    @Test func nonFiniteNumbersAsPythonWritesThem() async throws {
        let fixture = try TreeFixture.load(.lightgbm, "binary")
        let row = try #require(fixture.rows.indices.last { fixture.rows[$0].contains { $0.isInfinite } })
        let words = fixture.rows[row].map { value -> String in
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
            return "\(value)"
        }
        let data = words.joined(separator: ", ")
        try await TestServer.with([TestServer.source("m", .lightgbm, "binary")]) { client, _ in
            let v2 = try await client.post(
                "/v2/models/m/infer",
                text: #"{"inputs": [{"name": "input-0", "shape": [1, \#(fixture.featureCount)], "datatype": "FP64", "#
                    + #""data": [\#(data)]}]}"#
            )
            #expect(v2.status == 200, "\(v2.text)")
            let output = try V2JSONCodec.decodeResponse(try #require(v2.json), source: "reply").outputs[0]
            #expect(Requests.identical(try #require(Requests.doubles(output.data)), [fixture.expected[row]]))
            let v1 = try await client.post("/v1/models/m:predict", text: "{\"instances\": [[\(data)]]}")
            #expect(v1.status == 200, "\(v1.text)")
            #expect(Requests.identical(try #require(Requests.v1Predictions(v1.json)), [fixture.expected[row]]))
        }
    }
}
