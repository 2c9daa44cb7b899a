import Core
import Inference
import Reconciler
import Runtime
import Server
import ServingTestSupport
import Testing

@Suite("V1 routes")
struct V1RoutesTests {
    @Test func listAndReadiness() async throws {
        let models = [
            TestServer.source("zeta", .xgboost, "binary_logistic"), TestServer.source("alpha", .lightgbm, "binary"),
        ]
        try await TestServer.with(models) { client, _ in
            let list = try await client.get("/v1/models")
            #expect(list.status == 200)
            #expect(list.json == ["models": ["alpha", "zeta"]])
            let ready = try await client.get("/v1/models/alpha")
            #expect(ready.status == 200)
            #expect(ready.json == ["name": "alpha", "ready": true])
            let unknown = try await client.get("/v1/models/beta")
            #expect(unknown.status == 404)
            #expect(unknown.error == "Model with name beta does not exist.")
        }
    }

    @Test(
        arguments: [
            (ModelFormat.xgboost, "binary_logistic"), (.xgboost, "multi_softprob"), (.xgboost, "reg_squarederror"),
            (.lightgbm, "regression_nan"), (.lightgbm, "multiclass"), (.lightgbm, "binary"),
        ]
    )
    func predictAnswersWhatTheLibraryPredicts(format: ModelFormat, name: String) async throws {
        let fixture = try TreeFixture.load(format, name).jsonRows
        try await TestServer.with([TestServer.source("m", format, name)]) { client, _ in
            for key in ["instances", "inputs"] {
                let reply = try await client.post("/v1/models/m:predict", json: Requests.v1(fixture, key: key))
                #expect(reply.status == 200, "\(key): \(reply.text)")
                let predictions = try #require(reply.json?["predictions"]?.arrayValue)
                #expect(predictions.count == fixture.rows.count)
                // One number per row, or one list per row for class probabilities, as booster.predict().tolist().
                #expect(predictions.allSatisfy { ($0.arrayValue?.count ?? 1) == fixture.outputsPerRow })
                #expect(Requests.identical(try #require(Requests.v1Predictions(reply.json)), fixture.expected))
            }
        }
    }

    @Test func badRequests() async throws {
        let fixture = try TreeFixture.load(.lightgbm, "binary").jsonRows
        try await TestServer.with([TestServer.source("m", .lightgbm, "binary")]) { client, _ in
            let cases: [(String, String, Int, String)] = [
                ("malformed JSON", "{\"instances\": [[1,", 400, "predict request"),
                ("instances not a list", #"{"instances": "rows"}"#, 400, "expected an array"),
                ("both keys", #"{"instances": [], "inputs": []}"#, 400, "both"),
                ("neither key", #"{"rows": []}"#, 400, "instances"),
                ("inputs an object", #"{"inputs": {"a": 1}}"#, 400, "expected a list of rows"),
                ("short row", #"{"instances": [[1, 2]]}"#, 400, "\(fixture.featureCount) features"),
                ("text in a row", #"{"instances": [["a"]]}"#, 400, "instances[0]"),
            ]
            for (what, body, status, mention) in cases {
                let reply = try await client.post("/v1/models/m:predict", text: body)
                #expect(reply.status == status, "\(what): \(reply.text)")
                #expect(reply.error?.contains(mention) == true, "\(what): \(reply.text)")
            }
            let unknown = try await client.post("/v1/models/other:predict", json: Requests.v1(fixture))
            #expect(unknown.status == 404)
            #expect(unknown.error == "Model with name other does not exist.")
            let explain = try await client.post("/v1/models/m:explain", json: Requests.v1(fixture))
            #expect(explain.status == 501)
            let noVerb = try await client.post("/v1/models/m", json: Requests.v1(fixture))
            #expect(noVerb.status == 404)
            let good = try await client.post("/v1/models/m:predict", json: Requests.v1(fixture))
            #expect(good.status == 200)
        }
    }

    @Test func percentEncodedNames() async throws {
        let fixture = try TreeFixture.load(.lightgbm, "binary").jsonRows
        try await TestServer.with([TestServer.source("my model", .lightgbm, "binary")]) { client, _ in
            let ready = try await client.get("/v1/models/my%20model")
            #expect(ready.json == ["name": "my model", "ready": true])
            let reply = try await client.post("/v1/models/my%20model:predict", json: Requests.v1(fixture))
            #expect(reply.status == 200)
            let broken = try await client.get("/v1/models/my%2")
            #expect(broken.status == 400)
        }
    }
}
