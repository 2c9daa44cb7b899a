import Runtime
import Synchronization

/// The data plane's request counters and latency histograms, per model and protocol, for `GET /metrics`.
///
/// Only registered models get their own series; requests naming unknown models are counted together, so that
/// clients cannot grow the metrics without bound.
final class ServerMetrics: Sendable {
    enum WireProtocol: String, Sendable {
        case v1
        case v2
    }

    private struct SeriesKey: Hashable {
        var model: String
        var wireProtocol: WireProtocol
    }

    private struct Series {
        var requests: UInt64 = 0
        /// Failed requests by HTTP status.
        var errors: [Int: UInt64] = [:]
        var latency = DurationHistogram()

        mutating func record(status: Int, seconds: Double) {
            requests &+= 1
            if status >= 400 { errors[status, default: 0] &+= 1 }
            latency.observe(seconds)
        }
    }

    private struct State {
        var series: [SeriesKey: Series] = [:]
        var unknownModel: [WireProtocol: UInt64] = [:]
    }

    private let state = Mutex(State())

    /// Records one inference request to a registered model: its final HTTP status and duration.
    func record(model: String, wireProtocol: WireProtocol, status: Int, seconds: Double) {
        state.withLock { state in
            // Updated in place: the series (and its histogram's buckets) is never copied out and back.
            state.series[SeriesKey(model: model, wireProtocol: wireProtocol), default: Series()].record(
                status: status,
                seconds: seconds
            )
        }
    }

    /// Records a request that named a model the repository does not have.
    func recordUnknownModel(wireProtocol: WireProtocol) {
        state.withLock { $0.unknownModel[wireProtocol, default: 0] &+= 1 }
    }

    /// The Prometheus text of these metrics and of the repository's figures.
    func render(counters: RepositoryCounters, models: [ModelStatus]) -> String {
        let snapshot = state.withLock { $0 }
        let keys = snapshot.series.keys.sorted {
            ($0.model, $0.wireProtocol.rawValue) < ($1.model, $1.wireProtocol.rawValue)
        }
        var out = PrometheusText()
        out.family(
            "kserve_inference_requests_total",
            type: "counter",
            help: "Inference requests by model and protocol."
        )
        for key in keys {
            out.sample("kserve_inference_requests_total", snapshot.series[key]?.requests ?? 0, labels: labels(key))
        }
        out.family(
            "kserve_inference_errors_total",
            type: "counter",
            help: "Inference requests answered with an error, by model, protocol and HTTP status."
        )
        for key in keys {
            let errors = snapshot.series[key]?.errors ?? [:]
            for status in errors.keys.sorted() {
                out.sample(
                    "kserve_inference_errors_total",
                    errors[status] ?? 0,
                    labels: labels(key) + [("code", String(status))]
                )
            }
        }
        out.family(
            "kserve_inference_request_duration_seconds",
            type: "histogram",
            help: "Time from receiving an inference request to its answer, by model and protocol."
        )
        for key in keys {
            if let series = snapshot.series[key] {
                out.histogram("kserve_inference_request_duration_seconds", labels(key), series.latency)
            }
        }
        out.family(
            "kserve_inference_unknown_model_requests_total",
            type: "counter",
            help: "Inference requests naming a model that is not registered, by protocol."
        )
        for wireProtocol in [WireProtocol.v1, .v2] {
            out.sample(
                "kserve_inference_unknown_model_requests_total",
                snapshot.unknownModel[wireProtocol] ?? 0,
                labels: [("protocol", wireProtocol.rawValue)]
            )
        }
        renderRepository(counters: counters, models: models, into: &out)
        return out.text
    }

    private func renderRepository(counters: RepositoryCounters, models: [ModelStatus], into out: inout PrometheusText) {
        out.family("kserve_models_registered", type: "gauge", help: "Models registered in the repository.")
        out.sample("kserve_models_registered", models.count)
        out.family("kserve_models_loaded", type: "gauge", help: "Models loaded and ready.")
        out.sample("kserve_models_loaded", counters.loadedModels)
        out.family("kserve_models_resident_bytes", type: "gauge", help: "Memory held by loaded models, in bytes.")
        out.sample("kserve_models_resident_bytes", counters.residentBytes)
        out.family("kserve_model_resident_bytes", type: "gauge", help: "Memory held by each loaded model, in bytes.")
        for model in models where model.residentBytes > 0 {
            out.sample("kserve_model_resident_bytes", model.residentBytes, labels: [("model", model.name)])
        }
        let totals: [(String, String, Int)] = [
            ("kserve_model_loads_total", "Successful model loads.", counters.loads),
            ("kserve_model_load_failures_total", "Failed model loads.", counters.loadFailures),
            ("kserve_model_evictions_total", "Models unloaded to stay within the memory budget.", counters.evictions),
            ("kserve_model_unloads_total", "Models unloaded on request.", counters.unloads),
        ]
        for (name, help, value) in totals {
            out.family(name, type: "counter", help: help)
            out.sample(name, value)
        }
        out.family(
            "kserve_model_load_duration_seconds",
            type: "histogram",
            help: "Time from the start of a successful model load to the model being ready."
        )
        out.histogram("kserve_model_load_duration_seconds", [], counters.loadDurations)
    }

    private func labels(_ key: SeriesKey) -> [(String, String)] {
        [("model", key.model), ("protocol", key.wireProtocol.rawValue)]
    }
}
