import Core
import CurlHTTP
import Foundation
import Testing

/// `kserve scale` takes effect in a running `kserve serve`: the InferenceService's workers (its model's concurrency
/// limit, on `/metrics`) follow `--min` within `--workers`, without a reload; its Host lists only its own model.
@Suite(.serialized) struct ScaleEnforcementTests {
    static func example(_ name: String) -> String {
        TestPaths.packageRoot.appendingPathComponent("examples/\(name)").path
    }

    static func get(_ client: HTTPClient, _ url: String, host: String? = nil) throws -> HTTPResponse {
        var headers = HTTPHeaders()
        if let host { headers.set("Host", host) }
        return try client.send(HTTPRequest(url: url, headers: headers, timeout: 10))
    }

    /// The value of one sample line of the Prometheus text (`NAME{LABELS} VALUE`), nil when absent.
    static func sample(_ metrics: String, _ series: String) -> String? {
        let line = metrics.split(separator: "\n").first { $0.hasPrefix(series + " ") }
        return line.map { String($0.dropFirst(series.count + 1)) }
    }

    @Test func scaleChangesTheWorkersOfTheDeployedModel() throws {
        let server = try ControlPlaneServer(
            stateDirectory: try ControlPlaneServer.temporaryStateDirectory(),
            arguments: ["--workers", "3"]
        )
        defer { server.stop() }
        func kserve(_ arguments: [String]) throws -> ProcessResult {
            try ProcessRunner.kserve(["--kubeconfig", server.kubeconfig] + arguments)
        }
        let client = try HTTPClient()
        let limit = "kserve_model_concurrency_limit{model=\"iris\"}"

        let deploy = try kserve(["deploy", Self.example("iris.yaml"), "--timeout", "60s"])
        #expect(deploy.status == 0, "deploy: \(deploy.stderr)\nserver: \(server.stderr)")
        let before = try Self.get(client, server.url + "/metrics").bodyText
        #expect(Self.sample(before, limit) == "1", "\(before)")

        let scale = try kserve(["scale", "iris", "--min", "2", "--timeout", "60s"])
        #expect(scale.status == 0, "scale: \(scale.stderr)")
        let scaled = try Self.get(client, server.url + "/metrics").bodyText
        #expect(Self.sample(scaled, limit) == "2", "\(scaled)")
        // Beyond --workers 3: capped.
        let beyond = try kserve(["scale", "iris", "--min", "8", "--timeout", "60s"])
        #expect(beyond.status == 0, "scale: \(beyond.stderr)")
        let capped = try Self.get(client, server.url + "/metrics").bodyText
        #expect(Self.sample(capped, limit) == "3", "\(capped)")
        #expect(Self.sample(capped, "kserve_model_loads_total") == "1", "scaling reloaded the model: \(capped)")

        let byName = try kserve(["predict", "--model", "iris", "--input", Self.example("iris-v1.json")])
        #expect(byName.status == 0, "predict by name: \(byName.stderr)")
        let answer = try JSONParser.parse(byName.stdout, source: "kserve predict")
        #expect(answer["predictions"]?.arrayValue?.count == 3, "\(byName.stdout)")

        let listed = try Self.get(client, server.url + "/v1/models", host: "iris.default.example.com")
        #expect(listed.status == 200 && listed.bodyText == #"{"models":["iris"]}"#, "\(listed.bodyText)")
    }
}
