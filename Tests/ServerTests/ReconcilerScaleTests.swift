import Core
import Foundation
import Hummingbird
import HummingbirdTesting
import Reconciler
import Resources
import Runtime
import Server
import ServingTestSupport
import Synchronization
import Testing
import Trees

/// `kserve scale` takes effect in `kserve serve`: an InferenceService's `minReplicas` becomes its model's
/// concurrency limit (workers, within `--workers`), changed without a reload. The models are the real executors
/// wrapped in ``SlowTree``, which holds each prediction for a while and counts how many run at once; requests go
/// through the routed application as `kserve serve` assembles it.
@Suite("Reconciler: scale enforcement")
struct ReconcilerScaleTests {
    typealias Harness = ReconcilerHarness

    /// Counts predictions running at once and the most seen since the last reset.
    final class Gauge: Sendable {
        private let state = Mutex((now: 0, most: 0))

        func enter() {
            state.withLock { state in
                state.now += 1
                state.most = max(state.most, state.now)
            }
        }

        func leave() { state.withLock { $0.now -= 1 } }
        var most: Int { state.withLock { $0.most } }
        func reset() { state.withLock { $0.most = $0.now } }
    }

    /// A real tree model whose predictions take `delay` seconds (blocking, as real CPU work does) and report to a
    /// gauge; `residentBytes` picks the path: small models run inline, large ones on the worker pool.
    struct SlowTree: TreeModel {
        let inner: any TreeModel
        let gauge: Gauge
        let delay: Double
        let residentBytes: Int

        var framework: String { inner.framework }
        var featureCount: Int { inner.featureCount }
        var featureNames: [String]? { inner.featureNames }
        var task: TreeTask { inner.task }
        var outputsPerRow: Int { inner.outputsPerRow }

        func predict(rows: [Double], rowCount: Int) -> TreePredictions {
            gauge.enter()
            defer { gauge.leave() }
            usleep(UInt32(delay * 1_000_000))
            return inner.predict(rows: rows, rowCount: rowCount)
        }

        static func loader(_ gauge: Gauge, delay: Double = 0.03, residentBytes: Int) -> ModelLoader {
            ModelLoader { (format, bytes, source) throws(KServeError) -> any ServableModel in
                guard let inner = try ModelLoader.standard.load(format, bytes, source) as? TreeServable else {
                    throw KServeError(.internal, "\(source) is not a tree model")
                }
                let slow = SlowTree(inner: inner.tree, gauge: gauge, delay: delay, residentBytes: residentBytes)
                return TreeServable(tree: slow, format: format)
            }
        }
    }

    /// Above the inline limit for models (256 KiB): jobs run on the worker pool.
    static let poolModelBytes = 1 << 20
    /// Below it: small jobs run in the request's task.
    static let inlineModelBytes = 4096

    static func setMinReplicas(_ harness: Harness, _ name: String, _ replicas: Int64) async throws {
        try await harness.updateSpec(.inferenceService, name) { object in
            var whole = object.objectValue ?? [:]
            var spec = whole["spec"]?.objectValue ?? [:]
            var predictor = spec["predictor"]?.objectValue ?? [:]
            predictor["minReplicas"] = .int(replicas)
            spec["predictor"] = .object(predictor)
            whole["spec"] = .object(spec)
            object = .object(whole)
        }
    }

    /// Sends `count` V1 predictions for iris at once by Host header; every one must answer 200.
    static func burst(_ client: Client, count: Int) async throws {
        let body = try ReconcilerRoutingTests.example("iris-v1.json")
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<count {
                group.addTask {
                    let reply = try await client.post(
                        "/v1/models/iris:predict",
                        json: body,
                        headers: ["Host": "iris.default.example.com"]
                    )
                    return reply.status
                }
            }
            var all: [Int] = []
            for try await status in group { all.append(status) }
            return all
        }
        #expect(statuses == Array(repeating: 200, count: count))
    }

    static func limit(_ harness: Harness, _ key: String) async -> Int? {
        await harness.repository.status(key)?.concurrencyLimit
    }

    @Test("minReplicas limits concurrent inference on the worker pool; scale changes it without a reload")
    func scaleOnWorkerPool() async throws {
        let gauge = Gauge()
        let loader = SlowTree.loader(gauge, residentBytes: Self.poolModelBytes)
        try await Harness.with(serverWorkers: 4, loader: loader) { harness in
            let predictor = Harness.model("xgboost", storageUri: Harness.irisXGBoost)
            try await harness.create(.inferenceService, Harness.inferenceService("iris", predictor: predictor))
            _ = try await harness.status(.inferenceService, "iris") { StatusReading.isReady($0) }
            #expect(await Self.limit(harness, "iris") == 1)

            try await ReconcilerRoutingTests.serve(harness) { client in
                try await Self.burst(client, count: 6)
                #expect(gauge.most == 1)
                let metrics = try await client.get("/metrics").text
                #expect(metrics.contains("kserve_model_concurrency_limit{model=\"iris\"} 1\n"), "\(metrics)")

                try await Self.setMinReplicas(harness, "iris", 3)
                _ = try await harness.status(.inferenceService, "iris") { StatusReading.isReady($0, generation: 2) }
                #expect(await Self.limit(harness, "iris") == 3)
                gauge.reset()
                try await Self.burst(client, count: 12)
                #expect(gauge.most <= 3 && gauge.most >= 2, "at most 3 at once, and more than 1: \(gauge.most)")

                // Beyond --workers: capped at the server's 4 workers.
                try await Self.setMinReplicas(harness, "iris", 10)
                _ = try await harness.status(.inferenceService, "iris") { StatusReading.isReady($0, generation: 3) }
                #expect(await Self.limit(harness, "iris") == 4)

                // Scale to zero still answers, one request at a time.
                try await Self.setMinReplicas(harness, "iris", 0)
                _ = try await harness.status(.inferenceService, "iris") { StatusReading.isReady($0, generation: 4) }
                #expect(await Self.limit(harness, "iris") == 1)
                gauge.reset()
                try await Self.burst(client, count: 4)
                #expect(gauge.most == 1)
            }
            #expect(await harness.repository.counters().loads == 1)
        }
    }

    @Test("the limit also holds for small jobs that run in the request's own task")
    func limitHoldsInline() async throws {
        let gauge = Gauge()
        let loader = SlowTree.loader(gauge, delay: 0.02, residentBytes: Self.inlineModelBytes)
        try await Harness.with(serverWorkers: 4, loader: loader) { harness in
            let predictor = Harness.model("xgboost", storageUri: Harness.irisXGBoost)
            try await harness.create(.inferenceService, Harness.inferenceService("iris", predictor: predictor))
            _ = try await harness.status(.inferenceService, "iris") { StatusReading.isReady($0) }
            try await ReconcilerRoutingTests.serve(harness) { client in
                try await Self.burst(client, count: 6)
            }
            #expect(gauge.most == 1)
            let statistics = try #require(await harness.repository.statistics("iris"))
            #expect(statistics.success.count == 6)
        }
    }

    @Test("TrainedModels run within their multi-model predictor's workers, which scale changes")
    func trainedModelsFollowTheirParent() async throws {
        try await Harness.with(serverWorkers: 4) { harness in
            var predictor = Harness.model("xgboost", storageUri: nil).objectValue ?? [:]
            predictor["minReplicas"] = 2
            try await harness.create(.inferenceService, Harness.inferenceService("mms", predictor: .object(predictor)))
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
            _ = try await harness.status(.trainedModel, "tm-iris") { StatusReading.isReady($0) }
            #expect(await Self.limit(harness, "tm-iris") == 2)

            try await Self.setMinReplicas(harness, "mms", 1)
            try await harness.repositoryState { await $0.status("tm-iris")?.concurrencyLimit == 1 }
            #expect(await harness.repository.counters().loads == 1)
        }
    }
}
