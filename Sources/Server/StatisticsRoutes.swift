import Core
import HTTPServing
import HTTPTypes
import Hummingbird
import Reconciler
import Runtime

extension DataPlane {
    /// Triton's statistics extension and the Prometheus metrics.
    func addStatisticsRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/v2/models/stats") { request, _ in
            var entries: [Value] = []
            for (status, name) in ServiceScope.listed(await self.repository.index(), in: ServiceScope.of(request)) {
                if let entry = await self.statisticsEntry(status, shownAs: name) { entries.append(entry) }
            }
            return JSONResponse.make(["model_stats": .array(entries)])
        }
        for prefix in ["/v2/models/{model}", "/v2/models/{model}/versions/{version}"] {
            router.get(RouterPath(prefix + "/stats")) { request, context in
                let name = try PathParameters.model(context)
                let status = try await self.requireStatus(name)
                try ModelVersion.check(try PathParameters.version(context), status)
                let entry = await self.statisticsEntry(status, shownAs: AddressedModel.name(request, key: name))
                return JSONResponse.make(["model_stats": .array(entry.map { [$0] } ?? [])])
            }
        }
        router.get("/metrics") { _, _ in
            let counters = await self.repository.counters()
            let models = await self.repository.index()
            var text = self.metrics.render(counters: counters, models: models)
            text += Self.concurrencyMetrics(models)
            return JSONResponse.bytes(Array(text.utf8), contentType: PrometheusText.contentType)
        }
    }

    /// Each model's concurrency limit (models with one only) and the inferences waiting for a slot.
    static func concurrencyMetrics(_ models: [ModelStatus]) -> String {
        var out = PrometheusText()
        out.family(
            "kserve_model_concurrency_limit",
            type: "gauge",
            help: "Inferences of a model that may run at once (an InferenceService's workers), for limited models."
        )
        for model in models {
            if let limit = model.concurrencyLimit {
                out.sample("kserve_model_concurrency_limit", limit, labels: [("model", model.name)])
            }
        }
        out.family(
            "kserve_model_requests_waiting",
            type: "gauge",
            help: "Inference requests waiting for one of the model's concurrency slots."
        )
        for model in models where model.concurrencyLimit != nil || model.waiting > 0 {
            out.sample("kserve_model_requests_waiting", model.waiting, labels: [("model", model.name)])
        }
        return out.text
    }

    private func statisticsEntry(_ status: ModelStatus, shownAs shown: String) async -> Value? {
        guard let statistics = await repository.statistics(status.name) else { return nil }
        return statistics.json(name: shown, version: ModelVersion.effective(status))
    }
}
