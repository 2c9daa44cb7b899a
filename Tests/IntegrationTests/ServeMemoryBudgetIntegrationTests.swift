import Core
import CurlHTTP
import Foundation
import Testing

/// Many models under a tight `--memory` budget, several clients at once: every answer stays right while models
/// are evicted and reloaded behind the clients' backs.
@Suite("kserve serve under a memory budget")
struct ServeMemoryBudgetIntegrationTests {
    static let irisModel = ServeIntegrationTests.irisModel
    static let input = ServeIntegrationTests.examples.appendingPathComponent("iris-v2.json")

    /// A value of one unlabelled or single-labelled series in Prometheus text.
    static func metric(_ text: String, _ name: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") || line.hasPrefix(name + "{") {
            return line.split(separator: " ").last.flatMap { Double($0) }
        }
        return nil
    }

    @Test func evictsAndReloadsWhileClientsKeepGettingRightAnswers() async throws {
        let names = ["m0", "m1", "m2", "m3"]
        let models = names.flatMap { ["--model", "\($0)=\(Self.irisModel)"] }
        let client = try HTTPClient()
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        let body = Array(try Data(contentsOf: Self.input))

        // One model's resident size, from an unlimited server.
        let probe = try ServeProcess(models)
        let first = try await client.send(
            HTTPRequest(method: "POST", url: probe.url + "/v2/models/m0/infer", headers: headers, body: body)
        )
        #expect(first.status == 200)
        let expected = try JSONParser.parse(first.body)["outputs"]
        let probeMetrics = try await client.send(HTTPRequest(url: probe.url + "/metrics")).bodyText
        let size = try #require(Self.metric(probeMetrics, "kserve_models_resident_bytes"))
        #expect(size > 0)
        probe.stop()

        // Room for two of the four models at once.
        let server = try ServeProcess(models + ["--memory", String(Int(size * 2.5))])
        let url = server.url
        let requestHeaders = headers
        let expectedOutputs = expected
        try await withThrowingTaskGroup(of: Void.self) { group in
            for clientIndex in 0..<6 {
                group.addTask {
                    let client = try HTTPClient()
                    for round in 0..<25 {
                        let name = names[(clientIndex + round) % names.count]
                        let response = try await client.send(
                            HTTPRequest(
                                method: "POST",
                                url: url + "/v2/models/\(name)/infer",
                                headers: requestHeaders,
                                body: body
                            )
                        )
                        #expect(response.status == 200, "\(name): \(response.bodyText)")
                        #expect(try JSONParser.parse(response.body)["outputs"] == expectedOutputs, "\(name)")
                    }
                }
            }
            try await group.waitForAll()
        }
        let metrics = try await client.send(HTTPRequest(url: url + "/metrics")).bodyText
        let evictions = try #require(Self.metric(metrics, "kserve_model_evictions_total"))
        let resident = try #require(Self.metric(metrics, "kserve_models_resident_bytes"))
        #expect(evictions > 0, "no model was evicted under the budget")
        #expect(resident <= size * 2.5)
        #expect(server.stop() == 0)
    }
}
