import Core
import Foundation
import Hummingbird
import HummingbirdTesting
import Reconciler
import Resources
import Runtime
import Server
import ServingTestSupport
import Testing

/// What an InferenceService's own endpoints list and how they name its models: only its models, under the names
/// the client used (not the repository key `NAME.NAMESPACE`).
@Suite("Reconciler: per-service model lists and names")
struct ServingRouteListingTests {
    typealias Harness = ReconcilerHarness

    static func models(_ reply: Reply) -> [String]? {
        reply.json?["models"]?.arrayValue?.compactMap(\.stringValue)
    }

    @Test("/v1/models and /v2/models through a service list only that service's models")
    func listsOnlyTheServiceModels() async throws {
        try await Harness.with { harness in
            try await ReconcilerRoutingTests.deployAll(harness)
            try await ReconcilerRoutingTests.serve(harness) { client in
                let iris = try await client.get("/v1/models", headers: ["Host": "iris.default.example.com"])
                #expect(iris.status == 200 && Self.models(iris) == ["iris"], "\(iris.text)")

                let mms = try await client.get("/v1/models", headers: ["Host": "mms.default.example.com"])
                #expect(Self.models(mms) == ["tm-iris"], "\(mms.text)")

                let byPath = try await client.get("/serving/team-a/diabetes/v2/models")
                #expect(Self.models(byPath) == ["diabetes"], "\(byPath.text)")

                let byPredictor = try await client.get(
                    "/v2/models/",
                    headers: ["Host": "diabetes-predictor.team-a.svc.cluster.local"]
                )
                #expect(Self.models(byPredictor) == ["diabetes"], "\(byPredictor.text)")

                // Without a service: every model of the server, by repository key.
                let all = try await client.get("/v1/models")
                #expect(Self.models(all) == ["diabetes.team-a", "iris", "tm-iris"], "\(all.text)")

                let unknown = try await client.get("/serving/default/nope/v1/models")
                #expect(unknown.status == 404)
                #expect(unknown.error?.contains("InferenceService nope in namespace default") == true)
            }
        }
    }

    @Test("answers through a service name the model as the client did; a client cannot set that name itself")
    func answersUseTheAddressedName() async throws {
        try await Self.withDiabetes { client, body, host in
            let infer = try await client.post("/v2/models/diabetes/infer", json: body, headers: host)
            #expect(infer.status == 200 && infer.json?["model_name"] == "diabetes", "\(infer.text)")

            let metadata = try await client.get("/v2/models/diabetes", headers: host)
            #expect(metadata.json?["name"] == "diabetes", "\(metadata.text)")
            let ready = try await client.get("/serving/team-a/diabetes/v2/models/diabetes/ready")
            #expect(ready.json?["name"] == "diabetes", "\(ready.text)")
            let v1Ready = try await client.get("/v1/models/diabetes", headers: host)
            #expect(v1Ready.json?["name"] == "diabetes", "\(v1Ready.text)")
            let stats = try await client.get("/v2/models/diabetes/stats", headers: host)
            #expect(stats.json?["model_stats"]?[0]?["name"] == "diabetes", "\(stats.text)")

            // By repository key the key is the name; a forged header changes nothing.
            let byKey = try await client.post(
                "/v2/models/diabetes.team-a/infer",
                json: body,
                headers: ["x-kserve-addressed-model": "forged"]
            )
            #expect(byKey.json?["model_name"] == "diabetes.team-a", "\(byKey.text)")
            let forged = try await client.post(
                "/v2/models/diabetes/infer",
                json: body,
                headers: ["Host": "diabetes.team-a.example.com", "x-kserve-addressed-model": "forged"]
            )
            #expect(forged.json?["model_name"] == "diabetes", "\(forged.text)")

            // Errors raised inside the model name it as the client did too; by key, by the key.
            let bad = #"{"inputs":[{"name":"input-0","shape":[1,2],"datatype":"FP32","data":[1,2]}]}"#
            let wrong = try await client.post("/v2/models/diabetes/infer", text: bad, headers: host)
            #expect(wrong.status == 400, "\(wrong.text)")
            #expect(wrong.error?.hasPrefix("model diabetes: input \"input-0\" has shape") == true, "\(wrong.text)")
            let wrongByKey = try await client.post("/v2/models/diabetes.team-a/infer", text: bad)
            #expect(wrongByKey.error?.hasPrefix("model diabetes.team-a: input") == true, "\(wrongByKey.text)")
        }
    }

    /// Every service deployed, serving; `body` gets the client, a V2 request for diabetes and its service's Host.
    static func withDiabetes(
        _ body: @escaping @Sendable (Client, Value, [String: String]) async throws -> Void
    ) async throws {
        try await Harness.with { harness in
            try await ReconcilerRoutingTests.deployAll(harness)
            let request = try ReconcilerRoutingTests.example("diabetes-v2.json")
            try await ReconcilerRoutingTests.serve(harness) { client in
                try await body(client, request, ["Host": "diabetes.team-a.example.com"])
            }
        }
    }

    static func names(_ entries: Value?) -> [String]? {
        entries?.arrayValue?.compactMap { $0["name"]?.stringValue }.sorted()
    }

    @Test("/v2/models/stats and /v2/repository/index through a service cover only its models; a client cannot scope")
    func statisticsAndIndexAreScoped() async throws {
        try await Self.withDiabetes { client, body, host in
            let infer = try await client.post("/v2/models/diabetes/infer", json: body, headers: host)
            #expect(infer.status == 200, "\(infer.text)")

            let stats = try await client.get("/v2/models/stats", headers: host)
            #expect(stats.status == 200 && Self.names(stats.json?["model_stats"]) == ["diabetes"], "\(stats.text)")
            let statsByPath = try await client.get("/serving/team-a/diabetes/v2/models/stats")
            #expect(Self.names(statsByPath.json?["model_stats"]) == ["diabetes"], "\(statsByPath.text)")

            let index = try await client.post("/v2/repository/index", text: "", headers: host)
            #expect(index.status == 200 && Self.names(index.json) == ["diabetes"], "\(index.text)")
            let mms = try await client.post(
                "/v2/repository/index",
                text: "{}",
                headers: ["Host": "mms.default.example.com"]
            )
            #expect(Self.names(mms.json) == ["tm-iris"], "\(mms.text)")

            // Without a service: every model, by repository key; a forged scope header changes nothing.
            let all = try await client.post(
                "/v2/repository/index",
                text: "",
                headers: ["x-kserve-service-scope": "x=iris"]
            )
            #expect(Self.names(all.json) == ["diabetes.team-a", "iris", "tm-iris"], "\(all.text)")
            let allStats = try await client.get("/v2/models/stats", headers: ["x-kserve-service-scope": "x=iris"])
            #expect(
                Self.names(allStats.json?["model_stats"])?.contains("diabetes.team-a") == true,
                "\(allStats.text)"
            )

            let unknown = try await client.get("/v2/models/stats", headers: ["Host": "nope.default.example.com"])
            #expect(unknown.status == 404, "\(unknown.text)")
        }
    }
}
