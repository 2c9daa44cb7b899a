import Core
import Foundation
import Inference
import Reconciler
import Runtime
import Server
import ServingTestSupport
import Testing
import Trees

@Suite("Repository routes")
struct RepositoryRoutesTests {
    private func index(_ client: Client, _ body: String = "") async throws -> [RepositoryIndexEntry] {
        let reply = try await client.post("/v2/repository/index", text: body)
        #expect(reply.status == 200, "\(reply.text)")
        return try RepositoryIndexEntry.list(json: try #require(reply.json), source: "index")
    }

    @Test func loadUnloadAndIndex() async throws {
        let fixture = try TreeFixture.load(.xgboost, "binary_logistic").jsonRows
        let models = [TestServer.source("x", .xgboost, "binary_logistic"), TestServer.source("y", .lightgbm, "binary")]
        try await TestServer.with(models) { client, _ in
            #expect(
                try await index(client) == [
                    RepositoryIndexEntry(name: "x", version: "1", state: "UNAVAILABLE"),
                    RepositoryIndexEntry(name: "y", version: "1", state: "UNAVAILABLE"),
                ]
            )
            #expect(try await index(client, #"{"ready": true}"#).isEmpty)

            let load = try await client.post("/v2/repository/models/x/load", text: "{}")
            #expect(load.status == 200)
            #expect(load.json == ["name": "x", "load": true])
            #expect(try await index(client, #"{"ready": true}"#).map(\.name) == ["x"])
            #expect(try await index(client, #"{"ready": false}"#).count == 2)

            let unload = try await client.post(
                "/v2/repository/models/x/unload",
                text: #"{"parameters": {"unload_dependents": false}}"#
            )
            #expect(unload.status == 200)
            #expect(unload.json == ["name": "x", "unload": true])
            let entry = try #require(try await index(client).first { $0.name == "x" })
            #expect(entry.state == "UNAVAILABLE")
            #expect(entry.reason == "unloaded on request")
            #expect(try await client.get("/v2/models/x/ready").status == 503)

            let request = JSONWriter.bytes(V2JSONCodec.encodeRequest(Requests.v2(fixture)))
            let refused = try await client.send(.post, "/v2/models/x/infer", body: request)
            #expect(refused.status == 503)
            #expect(refused.error?.contains("unloaded") == true)

            #expect(try await client.post("/v2/repository/models/x/load", text: "").status == 200)
            let served = try await client.send(.post, "/v2/models/x/infer", body: request)
            #expect(served.status == 200)
        }
    }

    @Test func unknownModelsAndBadBodies() async throws {
        try await TestServer.with([TestServer.source("x", .xgboost, "binary_logistic")]) { client, _ in
            let load = try await client.post("/v2/repository/models/nope/load", text: "{}")
            #expect(load.status == 404)
            #expect(load.error == "Model with name nope does not exist.")
            let unload = try await client.post("/v2/repository/models/nope/unload", text: "{}")
            #expect(unload.status == 404)
            for body in ["{", "[]", #"{"ready": "yes"}"#] {
                let reply = try await client.post("/v2/repository/index", text: body)
                #expect(reply.status == 400, "\(body): \(reply.text)")
                #expect(reply.error?.isEmpty == false)
            }
            #expect(try await client.post("/v2/repository/models/x/load", text: "{oops").status == 400)
        }
    }

    @Test func aFailedLoadIsReportedAndOthersServe() async throws {
        let directory = try TemporaryDirectory()
        let broken = directory.path + "/broken.txt"
        try Data("tree\nversion=v4\nnum_class=abc\n".utf8).write(to: URL(fileURLWithPath: broken))
        let fixture = try TreeFixture.load(.lightgbm, "binary").jsonRows
        let models = [ModelSource(name: "broken", path: broken), TestServer.source("good", .lightgbm, "binary")]
        try await TestServer.with(models) { client, _ in
            let load = try await client.post("/v2/repository/models/broken/load", text: "{}")
            #expect(load.status == 503)
            #expect(load.error?.hasPrefix("Model with name broken is not ready") == true, "\(load.text)")
            let entry = try #require(try await index(client).first { $0.name == "broken" })
            #expect(entry.state == "FAILED")
            #expect(!entry.reason.isEmpty)
            let good = try await client.post("/v1/models/good:predict", json: Requests.v1(fixture))
            #expect(good.status == 200)
        }
    }

    @Test func loadRegistersAModelThatAppearedInTheModelsDirectory()
        async throws
    {
        let directory = try TemporaryDirectory()
        try directory.copy(TreeFixture.modelPath(.lightgbm, "binary"), as: "first.txt")
        var configuration = ServerConfiguration()
        configuration.modelsDirectory = directory.path
        let fixture = try TreeFixture.load(.xgboost, "binary_logistic").jsonRows
        try await TestServer.with([], configuration: configuration) { client, _ in
            #expect(try await client.get("/v2/models").json == ["models": ["first"]])
            // As KServe's model agent does: put the files in the directory, then ask for a load.
            try FileManager.default.createDirectory(
                atPath: directory.path + "/later",
                withIntermediateDirectories: false
            )
            try directory.copy(TreeFixture.modelPath(.xgboost, "binary_logistic"), as: "later/model.json")
            let load = try await client.post("/v2/repository/models/later/load", text: "{}")
            #expect(load.status == 200, "\(load.text)")
            #expect(try await client.get("/v2/models").json == ["models": ["first", "later"]])
            let reply = try await client.post("/v1/models/later:predict", json: Requests.v1(fixture))
            #expect(Requests.identical(try #require(Requests.v1Predictions(reply.json)), fixture.expected))
            // Names that would leave the directory find nothing.
            for name in ["..", ".hidden", "a%2Fb", "%2E%2E"] {
                let refused = try await client.post("/v2/repository/models/\(name)/load", text: "{}")
                #expect(refused.status == 404, "\(name): \(refused.text)")
            }
        }
    }

    @Test func evictedModelsReloadOnTheirNextRequest() async throws {
        let first = try TreeFixture.load(.lightgbm, "binary").jsonRows
        let second = try TreeFixture.load(.lightgbm, "regression").jsonRows
        // A budget that holds the larger of the two models but not both.
        let sizes = try [first, second].map { fixture in
            try ModelLoader.standard.load(
                .lightgbm,
                [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture.path))),
                fixture.path
            )
            .residentBytes
        }
        var configuration = ServerConfiguration()
        configuration.repository.memoryBudget = max(sizes[0], sizes[1]) + min(sizes[0], sizes[1]) - 1
        let models = [TestServer.source("a", .lightgbm, "binary"), TestServer.source("b", .lightgbm, "regression")]
        try await TestServer.with(models, configuration: configuration) { client, _ in
            for (name, fixture) in [("a", first), ("b", second), ("a", first)] {
                let reply = try await client.post("/v1/models/\(name):predict", json: Requests.v1(fixture))
                #expect(reply.status == 200)
                #expect(Requests.identical(try #require(Requests.v1Predictions(reply.json)), fixture.expected))
            }
            let entries = try await index(client)
            #expect(entries.first { $0.name == "a" }?.state == "READY")
            let evicted = try #require(entries.first { $0.name == "b" })
            #expect(evicted.state == "UNAVAILABLE")
            #expect(evicted.reason.contains("evicted"))
            // Eviction is invisible to clients: the model still reports ready.
            #expect(try await client.get("/v2/models/b/ready").status == 200)
            let metrics = try await client.get("/metrics").text
            print("METRICS", metrics.split(separator: "\n").filter { $0.hasPrefix("kserve_model") }, entries)
            #expect(metrics.contains("\nkserve_model_evictions_total 2\n"))
            #expect(metrics.contains("\nkserve_model_loads_total 3\n"))
        }
    }
}
