import HTTPTypes
import Hummingbird
import Runtime
import Transport

extension DataPlane {
    /// Triton's statistics extension and the Prometheus metrics.
    func addStatisticsRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/v2/models/stats") { _, _ in
            var entries: [Value] = []
            for status in await self.repository.index() {
                if let entry = await self.statisticsEntry(status) { entries.append(entry) }
            }
            return JSONResponse.make(["model_stats": .array(entries)])
        }
        for prefix in ["/v2/models/{model}", "/v2/models/{model}/versions/{version}"] {
            router.get(RouterPath(prefix + "/stats")) { _, context in
                let name = try PathParameters.model(context)
                let status = try await self.requireStatus(name)
                try ModelVersion.check(try PathParameters.version(context), status)
                let entry = await self.statisticsEntry(status)
                return JSONResponse.make(["model_stats": .array(entry.map { [$0] } ?? [])])
            }
        }
        router.get("/metrics") { _, _ in
            let counters = await self.repository.counters()
            let models = await self.repository.index()
            let text = self.metrics.render(counters: counters, models: models)
            return JSONResponse.bytes(Array(text.utf8), contentType: PrometheusText.contentType)
        }
    }

    private func statisticsEntry(_ status: ModelStatus) async -> Value? {
        guard let statistics = await repository.statistics(status.name) else { return nil }
        return statistics.json(name: status.name, version: ModelVersion.effective(status))
    }
}
