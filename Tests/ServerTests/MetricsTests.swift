import Core
import Inference
import Runtime
import ServingTestSupport
import Testing

@testable import Server

@Suite("Metrics and statistics")
struct MetricsTests {
    /// The value of one sample line `name{labels} value` (labels exactly as written), or nil.
    private func sample(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func requestsErrorsAndLatencyPerModelAndProtocol() async throws {
        let fixture = try TreeFixture.load(.xgboost, "binary_logistic").jsonRows
        try await TestServer.with([TestServer.source("m", .xgboost, "binary_logistic")]) { client, _ in
            let good = JSONWriter.bytes(V2JSONCodec.encodeRequest(Requests.v2(fixture)))
            for _ in 0..<3 { #expect(try await client.send(.post, "/v2/models/m/infer", body: good).status == 200) }
            for _ in 0..<2 {
                #expect(try await client.send(.post, "/v2/models/m/infer", body: Array("{".utf8)).status == 400)
            }
            #expect(try await client.post("/v1/models/m:predict", json: Requests.v1(fixture)).status == 200)
            #expect(try await client.post("/v1/models/ghost:predict", json: Requests.v1(fixture)).status == 404)

            let reply = try await client.get("/metrics")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = reply.text
            let v2 = #"model="m",protocol="v2""#
            #expect(sample(text, "kserve_inference_requests_total{\(v2)}") == 5)
            #expect(sample(text, "kserve_inference_errors_total{\(v2),code=\"400\"}") == 2)
            #expect(sample(text, #"kserve_inference_requests_total{model="m",protocol="v1"}"#) == 1)
            #expect(sample(text, "kserve_inference_request_duration_seconds_count{\(v2)}") == 5)
            #expect(sample(text, "kserve_inference_request_duration_seconds_bucket{\(v2),le=\"+Inf\"}") == 5)
            #expect((sample(text, "kserve_inference_request_duration_seconds_sum{\(v2)}") ?? 0) > 0)
            #expect(sample(text, #"kserve_inference_unknown_model_requests_total{protocol="v1"}"#) == 1)
            #expect(!text.contains("ghost"))
            #expect(sample(text, "kserve_models_registered") == 1)
            #expect(sample(text, "kserve_models_loaded") == 1)
            #expect(sample(text, "kserve_model_loads_total") == 1)
            #expect(sample(text, "kserve_model_load_duration_seconds_count") == 1)
            #expect(sample(text, #"kserve_model_load_duration_seconds_bucket{le="+Inf"}"#) == 1)
            #expect((sample(text, "kserve_model_load_duration_seconds_sum") ?? 0) > 0)
            let resident = try #require(sample(text, "kserve_models_resident_bytes"))
            #expect(resident > 0)
            #expect(sample(text, #"kserve_model_resident_bytes{model="m"}"#) == resident)
            // Buckets are cumulative.
            let buckets = text.split(separator: "\n").filter {
                $0.hasPrefix("kserve_inference_request_duration_seconds_bucket{\(v2)")
            }
            #expect(buckets.count == DurationHistogram.bounds.count + 1)
            let counts = buckets.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            #expect(counts == counts.sorted())
            // Every line is a comment or `name{labels} number`.
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                #expect(line.split(separator: " ").last.flatMap { Double($0) } != nil, "\(line)")
            }
        }
    }

    @Test func tritonStatisticsCountRequestsAndTimes() async throws {
        let fixture = try TreeFixture.load(.lightgbm, "binary").jsonRows
        let models = [TestServer.source("m", .lightgbm, "binary"), TestServer.source("idle", .lightgbm, "regression")]
        try await TestServer.with(models) { client, _ in
            let good = JSONWriter.bytes(V2JSONCodec.encodeRequest(Requests.v2(fixture)))
            for _ in 0..<2 { #expect(try await client.send(.post, "/v2/models/m/infer", body: good).status == 200) }
            #expect(try await client.post("/v1/models/m:predict", json: Requests.v1(fixture)).status == 200)
            #expect(try await client.send(.post, "/v2/models/m/infer", body: Array("[]".utf8)).status == 400)

            let reply = try await client.get("/v2/models/m/stats")
            #expect(reply.status == 200)
            let stats = try #require(reply.json?["model_stats"]?.arrayValue)
            #expect(stats.count == 1)
            let entry = stats[0]
            #expect(entry["name"] == "m")
            #expect(entry["version"] == "1")
            #expect(entry["execution_count"]?.int64Value == 3)
            #expect(entry["inference_count"]?.int64Value == Int64(3 * fixture.rows.count))
            #expect((entry["last_inference"]?.int64Value ?? 0) > 0)
            let inference = try #require(entry["inference_stats"])
            #expect(inference["success"]?["count"]?.int64Value == 3)
            #expect(inference["fail"]?["count"]?.int64Value == 1)
            for stage in ["queue", "compute_input", "compute_infer", "compute_output"] {
                #expect(inference[stage]?["count"]?.int64Value == 3, "\(stage)")
            }
            #expect((inference["compute_infer"]?["ns"]?.int64Value ?? 0) > 0)
            #expect(
                (inference["success"]?["ns"]?.int64Value ?? 0) >= (inference["compute_infer"]?["ns"]?.int64Value ?? 0)
            )

            #expect(try await client.get("/v2/models/m/versions/1/stats").json == reply.json)
            #expect(try await client.get("/v2/models/m/versions/3/stats").status == 404)
            let all = try #require(try await client.get("/v2/models/stats").json?["model_stats"]?.arrayValue)
            #expect(all.compactMap { $0["name"]?.stringValue } == ["idle", "m"])
            #expect(all[0]["execution_count"]?.int64Value == 0)
        }
    }

    @Test func prometheusTextEscapesAndFormats() {
        #expect(PrometheusText.escape("a\"b\\c\nd") == #"a\"b\\c\nd"#)
        #expect(PrometheusText.format(3) == "3")
        #expect(PrometheusText.format(0.25) == "0.25")
        #expect(PrometheusText.format(.infinity) == "+Inf")
        var text = PrometheusText()
        text.sample("x", 2, labels: [("model", "q\"uote")])
        #expect(text.text == "x{model=\"q\\\"uote\"} 2\n")
    }

    @Test func histogramBucketsAreCumulative() throws {
        var histogram = DurationHistogram()
        for seconds in [0.00005, 0.0003, 0.0003, 0.7, 50] { histogram.observe(seconds) }
        let cumulative = histogram.cumulative
        #expect(cumulative.count == DurationHistogram.bounds.count + 1)
        #expect(cumulative[0] == 1)  // <= 0.0001
        #expect(cumulative[2] == 3)  // <= 0.0005
        #expect(cumulative[try #require(DurationHistogram.bounds.firstIndex(of: 1))] == 4)
        #expect(cumulative.last == 5)
        #expect(histogram.count == 5)
    }
}
