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

/// Requests addressed to an InferenceService by Host header or `/serving/NAMESPACE/NAME`, through the router
/// assembled as `kserve serve` assembles it (the data plane's router wrapped in ``ServingRouteResponder``).
@Suite("Reconciler: routing")
struct ReconcilerRoutingTests {
    typealias Harness = ReconcilerHarness

    static func example(_ name: String) throws -> Value {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Harness.root + "/examples/" + name)))
        return try JSONParser.parse(bytes, source: name)
    }

    /// Serves the reconciler's models through the routed application for the duration of `body`.
    static func serve(
        _ harness: Harness,
        _ body: @Sendable (Client) async throws -> Void
    ) async throws {
        let router = ModelServer.makeRouter(repository: harness.repository)
        let responder = ServingRouteResponder(router: router, routes: harness.reconciler.routes)
        let app = Application(responder: responder)
        try await app.test(.router) { client in try await body(Client(inner: client)) }
    }

    /// Three InferenceServices: iris (default namespace, XGBoost), diabetes (team-a, LightGBM, V2) and a
    /// multi-model `mms` with one TrainedModel.
    static func deployAll(_ harness: Harness) async throws {
        try await harness.create(
            .inferenceService,
            Harness.inferenceService("iris", predictor: Harness.model("xgboost", storageUri: Harness.irisXGBoost))
        )
        try await harness.create(
            .inferenceService,
            Harness.inferenceService(
                "diabetes",
                namespace: "team-a",
                predictor: Harness.model(
                    "lightgbm",
                    storageUri: Harness.diabetesLightGBM,
                    extra: [("protocolVersion", "v2")]
                )
            )
        )
        try await harness.create(
            .inferenceService,
            Harness.inferenceService("mms", predictor: Harness.model("xgboost", storageUri: nil))
        )
        try await harness.create(
            .trainedModel,
            Harness.trainedModel(
                "tm-iris",
                parent: "mms",
                framework: "xgboost",
                storageUri: Harness.irisXGBoost,
                memory: "1Mi"
            )
        )
        _ = try await harness.status(.inferenceService, "iris") { StatusReading.isReady($0) }
        _ = try await harness.status(.inferenceService, "diabetes", namespace: "team-a") { StatusReading.isReady($0) }
        _ = try await harness.status(.trainedModel, "tm-iris") { StatusReading.isReady($0) }
    }

    @Test("V1 by Host header, by /serving path and by bare name give the same predictions")
    func v1Routes() async throws {
        try await Harness.with { harness in
            try await Self.deployAll(harness)
            let body = try Self.example("iris-v1.json")
            try await Self.serve(harness) { client in
                let bare = try await client.post("/v1/models/iris:predict", json: body)
                #expect(bare.status == 200, "\(bare.text)")
                let expected = try #require(Requests.v1Predictions(bare.json))
                // Three rows of the three-class iris model's probabilities.
                #expect(expected.count == 9)

                let byHost = try await client.post(
                    "/v1/models/iris:predict",
                    json: body,
                    headers: ["Host": "iris.default.example.com"]
                )
                #expect(byHost.status == 200, "\(byHost.text)")
                #expect(Requests.v1Predictions(byHost.json) == expected)

                let byPredictorHost = try await client.post(
                    "/v1/models/iris:predict",
                    json: body,
                    headers: ["Host": "iris-predictor.default.svc.cluster.local:80"]
                )
                #expect(byPredictorHost.status == 200, "\(byPredictorHost.text)")

                let byPath = try await client.post("/serving/default/iris/v1/models/iris:predict", json: body)
                #expect(byPath.status == 200, "\(byPath.text)")
                #expect(Requests.v1Predictions(byPath.json) == expected)

                let ready = try await client.get("/serving/default/iris/v1/models/iris")
                #expect(ready.status == 200 && ready.json?["ready"] == true, "\(ready.text)")

                // The TrainedModel answers on its parent's host, under its own name.
                let trained = try await client.post(
                    "/v1/models/tm-iris:predict",
                    json: body,
                    headers: ["Host": "mms.default.example.com"]
                )
                #expect(trained.status == 200, "\(trained.text)")
                #expect(Requests.v1Predictions(trained.json) == expected)
            }
        }
    }

    @Test("V2 in another namespace: Host header, /serving path and the NAME.NAMESPACE key")
    func v2RoutesInNamespace() async throws {
        try await Harness.with { harness in
            try await Self.deployAll(harness)
            let body = try Self.example("diabetes-v2.json")
            try await Self.serve(harness) { client in
                let byKey = try await client.post("/v2/models/diabetes.team-a/infer", json: body)
                #expect(byKey.status == 200, "\(byKey.text)")
                let expected = try #require(byKey.json?["outputs"]?[0]?["data"])

                let byHost = try await client.post(
                    "/v2/models/diabetes/infer",
                    json: body,
                    headers: ["Host": "diabetes.team-a.example.com"]
                )
                #expect(byHost.status == 200, "\(byHost.text)")
                #expect(byHost.json?["outputs"]?[0]?["data"] == expected)

                let byPath = try await client.post("/serving/team-a/diabetes/v2/models/diabetes/infer", json: body)
                #expect(byPath.status == 200, "\(byPath.text)")
                #expect(byPath.json?["outputs"]?[0]?["data"] == expected)

                let ready = try await client.get("/serving/team-a/diabetes/v2/models/diabetes/ready")
                #expect(ready.status == 200, "\(ready.text)")
                let health = try await client.get("/serving/team-a/diabetes/v2/health/ready")
                #expect(health.status == 200, "\(health.text)")

                // The bare name is not this namespace's model.
                let bare = try await client.post("/v2/models/diabetes/infer", json: body)
                #expect(bare.status == 404, "\(bare.text)")
            }
        }
    }

    @Test("unknown InferenceServices and models get a 404 that says which; other hosts are left alone")
    func notFound() async throws {
        try await Harness.with { harness in
            try await Self.deployAll(harness)
            let body = try Self.example("iris-v1.json")
            try await Self.serve(harness) { client in
                let unknownService = try await client.post("/serving/default/nope/v1/models/nope:predict", json: body)
                #expect(unknownService.status == 404)
                #expect(unknownService.error?.contains("InferenceService nope in namespace default") == true)

                let unknownByHost = try await client.post(
                    "/v1/models/nope:predict",
                    json: body,
                    headers: ["Host": "nope.default.example.com"]
                )
                #expect(unknownByHost.status == 404)
                #expect(unknownByHost.error?.contains("InferenceService nope") == true, "\(unknownByHost.text)")

                // iris serves only iris: the TrainedModel of mms is not reachable through it.
                let otherModel = try await client.post(
                    "/v1/models/tm-iris:predict",
                    json: body,
                    headers: ["Host": "iris.default.example.com"]
                )
                #expect(otherModel.status == 404)
                #expect(otherModel.error?.contains("model tm-iris is not served by InferenceService iris") == true)

                let localhost = try await client.post(
                    "/v1/models/iris:predict",
                    json: body,
                    headers: ["Host": "localhost:8080"]
                )
                #expect(localhost.status == 200, "\(localhost.text)")
            }
        }
    }

    @Test("host parsing: domain, cluster-local suffix, port and case; anything else is not an InferenceService")
    func hostParsing() {
        let names = ServingNames(domain: "example.com")
        let iris = ServiceReference(namespace: "default", name: "iris")
        #expect(names.service(forHost: "iris.default.example.com") == iris)
        #expect(names.service(forHost: "IRIS.Default.Example.com:8080") == iris)
        #expect(names.service(forHost: "iris.default.svc.cluster.local") == iris)
        #expect(names.service(forHost: "iris.default.example.com.") == iris)
        #expect(names.service(forHost: "example.com") == nil)
        #expect(names.service(forHost: "iris.defaultexample.com") == nil)
        #expect(names.service(forHost: ".example.com") == nil)
        #expect(names.service(forHost: "default.example.com") == nil)
        #expect(names.service(forHost: "a.b.c.example.com") == nil)
        #expect(names.service(forHost: "localhost:8080") == nil)
        #expect(names.service(forHost: "127.0.0.1") == nil)
        #expect(names.service(forHost: "[::1]:8080") == nil)
        #expect(
            ServingNames(domain: "kserve.local").service(forHost: "m.ns.kserve.local")
                == .init(namespace: "ns", name: "m")
        )
        #expect(ServingNames.repositoryKey(name: "iris", namespace: "default") == "iris")
        #expect(ServingNames.repositoryKey(name: "iris", namespace: "team-a") == "iris.team-a")
    }
}
