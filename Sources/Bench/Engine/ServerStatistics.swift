import Core
import CurlHTTP
import Inference

/// Cumulative server-side counters of the statistics extension (`GET /v2/models/NAME/stats`, as Triton and
/// `kserve serve` answer), summed over the models of a run.
package struct ServerCounters: Sendable, Equatable {
    package var successCount: UInt64
    package var queueNanoseconds: UInt64
    /// compute_input + compute_infer + compute_output.
    package var computeNanoseconds: UInt64

    package init(successCount: UInt64 = 0, queueNanoseconds: UInt64 = 0, computeNanoseconds: UInt64 = 0) {
        self.successCount = successCount
        self.queueNanoseconds = queueNanoseconds
        self.computeNanoseconds = computeNanoseconds
    }

    /// Per-request queue and compute time in microseconds between two readings; nil when no request ended.
    package static func split(from start: ServerCounters, to end: ServerCounters) -> (queue: Double, compute: Double)? {
        guard end.successCount > start.successCount, end.queueNanoseconds >= start.queueNanoseconds,
            end.computeNanoseconds >= start.computeNanoseconds
        else { return nil }
        let count = Double(end.successCount - start.successCount)
        return (
            Double(end.queueNanoseconds - start.queueNanoseconds) / count / 1000,
            Double(end.computeNanoseconds - start.computeNanoseconds) / count / 1000
        )
    }

    /// Reads one `model_stats` answer; nil when it has no usable `inference_stats`.
    package static func from(json: Value) -> ServerCounters? {
        guard let entries = json["model_stats"]?.arrayValue, !entries.isEmpty else { return nil }
        var total = ServerCounters()
        for entry in entries {
            guard let stats = entry["inference_stats"], let success = count(stats["success"]) else { return nil }
            total.successCount += success.count
            total.queueNanoseconds += count(stats["queue"])?.ns ?? 0
            for part in ["compute_input", "compute_infer", "compute_output"] {
                total.computeNanoseconds += count(stats[part])?.ns ?? 0
            }
        }
        return total
    }

    private static func count(_ value: Value?) -> (count: UInt64, ns: UInt64)? {
        guard let value, let count = unsigned(value["count"]), let ns = unsigned(value["ns"]) else { return nil }
        return (count, ns)
    }

    private static func unsigned(_ value: Value?) -> UInt64? {
        switch value {
        case .int(let number)?: return number >= 0 ? UInt64(number) : nil
        case .uint(let number)?: return number
        case .double(let number)? where number >= 0 && number < 1.8e19: return UInt64(number)
        default: return nil
        }
    }
}

/// Where the engine reads server counters from, before and after each level.
package protocol ServerStatisticsSource: Sendable {
    /// The counters summed over the run's models, or nil when the server does not offer them.
    func read() async -> ServerCounters?
}

/// Reads the statistics extension over HTTP (libcurl on its own thread, never on an event loop).
package struct HTTPServerStatistics: ServerStatisticsSource {
    private let client: HTTPClient
    private let urls: [String]
    private let headers: HTTPHeaders

    /// `baseURL` as given to the command; `models` the run's models.
    package init(client: HTTPClient, baseURL: String, headers: HTTPHeaders, models: [String]) {
        self.client = client
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        urls = models.map { base + "/v2/models/" + PercentEncoding.encode($0) + "/stats" }
        self.headers = headers
    }

    package func read() async -> ServerCounters? {
        var total = ServerCounters()
        for url in urls {
            guard let response = try? await client.send(HTTPRequest(url: url, headers: headers)),
                response.status == 200,
                let json = try? JSONParser.parse(response.body, source: url),
                let counters = ServerCounters.from(json: json)
            else { return nil }
            total.successCount += counters.successCount
            total.queueNanoseconds += counters.queueNanoseconds
            total.computeNanoseconds += counters.computeNanoseconds
        }
        return total
    }
}
