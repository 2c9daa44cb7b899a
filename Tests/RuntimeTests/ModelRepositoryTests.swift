import Core
import Foundation
import Inference
import Runtime
import Testing
import Trees

/// Repository behaviour with real model files and the real executors: a counting wrapper around the standard
/// loader observes how often and how concurrently models load.
@Suite struct ModelRepositoryTests {
    /// Three copies of one XGBoost fixture (`a`, `b`, `c`), so the models have equal resident sizes.
    private static func threeModels(_ directory: TemporaryDirectory) throws -> [ModelSource] {
        try ["a", "b", "c"].map { name in
            let path = try directory.copy(Fixtures.modelPath(.xgboost, "binary_logistic"), to: "\(name).json")
            return ModelSource(name: name, path: path)
        }
    }

    private static func residentBytesOfFixture() throws -> Int {
        try Fixtures.loadedModel(.xgboost, "binary_logistic").residentBytes
    }

    private static func repository(
        budget: Int? = nil,
        delay: Double = 0,
        timeout: Double = 60,
        concurrency: Int = 2
    ) -> (ModelRepository, CountingLoader) {
        var configuration = RepositoryConfiguration()
        configuration.memoryBudget = budget
        configuration.loadTimeout = timeout
        configuration.loadConcurrency = concurrency
        configuration.workers = 2
        let counter = CountingLoader(delay: delay)
        return (ModelRepository(configuration: configuration, loader: counter.loader), counter)
    }

    private static func code(of work: () async throws -> Void) async -> KServeError.Code? {
        do {
            try await work()
            return nil
        } catch let error as KServeError {
            return error.code
        } catch {
            return KServeError.Code("other")
        }
    }

    // MARK: - Registration

    @Test func registersModelsAndRefusesDuplicatesAndBadNames() async throws {
        let (repository, _) = Self.repository()
        try await repository.register(ModelSource(name: "zeta", path: "/models/zeta.json"))
        try await repository.register(ModelSource(name: "alpha", path: "/models/alpha.txt", format: .lightgbm))
        #expect(await repository.names() == ["alpha", "zeta"])
        let status = try #require(await repository.status("zeta"))
        #expect(status.state == .unavailable)
        #expect(status.residentBytes == 0)
        #expect(status.lastUsed == nil)
        #expect(await repository.index().map(\.name) == ["alpha", "zeta"])

        await #expect(throws: KServeError.self) {
            try await repository.register(ModelSource(name: "zeta", path: "/elsewhere/zeta.json"))
        }
        let duplicate = await Self.code {
            try await repository.register(ModelSource(name: "zeta", path: "/elsewhere/zeta.json"))
        }
        #expect(duplicate == .conflict)
        for bad in ["", "a/b", "tab\there"] {
            let code = await Self.code { try await repository.register(ModelSource(name: bad, path: "/m.json")) }
            #expect(code == .invalidInput, "name \(bad.debugDescription)")
        }
        #expect(await repository.names() == ["alpha", "zeta"])
    }

    @Test func registersADirectoryOfModels() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copy(Fixtures.modelPath(.xgboost, "binary_logistic"), to: "iris.json")
        try directory.copy(Fixtures.modelPath(.lightgbm, "binary"), to: "cancer.txt")
        try directory.copy(Fixtures.modelPath(.lightgbm, "regression"), to: "house/model.txt")
        try directory.copy(Fixtures.modelPath(.xgboost, "reg_squarederror"), to: "sniffed.bin")
        try directory.write("README.md", "# not a model\n")
        try directory.write(".hidden.json", "{}")
        let (repository, _) = Self.repository()
        let names = try await repository.registerDirectory(directory.path)
        #expect(names == ["cancer", "house", "iris", "sniffed"])
        #expect(await repository.names() == names)
        #expect(await repository.status("house")?.path == directory.file("house"))

        let again = await Self.code { _ = try await repository.registerDirectory(directory.path) }
        #expect(again == .conflict)
        let missing = await Self.code { _ = try await repository.registerDirectory(directory.file("nope")) }
        #expect(missing == .invalidInput)
    }

    @Test func registersNothingWhenTwoFilesShareAName() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copy(Fixtures.modelPath(.xgboost, "binary_logistic"), to: "same.json")
        try directory.copy(Fixtures.modelPath(.lightgbm, "binary"), to: "same.txt")
        try directory.copy(Fixtures.modelPath(.lightgbm, "regression"), to: "other.txt")
        let (repository, _) = Self.repository()
        let code = await Self.code { _ = try await repository.registerDirectory(directory.path) }
        #expect(code == .conflict)
        #expect(await repository.names().isEmpty)
    }

    @Test func unknownModelsAreNotFound() async throws {
        let (repository, _) = Self.repository()
        #expect(await Self.code { _ = try await repository.acquire("nope") } == .notFound)
        #expect(await Self.code { try await repository.load("nope") } == .notFound)
        #expect(await Self.code { try await repository.unload("nope") } == .notFound)
        #expect(await Self.code { try await repository.unregister("nope") } == .notFound)
        #expect(await repository.status("nope") == nil)
        #expect(await repository.statistics("nope") == nil)
    }

    // MARK: - Loading

    @Test
    func loadsOnFirstRequestOnly() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (repository, counter) = Self.repository()
        let sources = try Self.threeModels(directory)
        try await repository.register(sources[0])
        #expect(counter.totalLoads == 0)

        let model = try await repository.acquire("a")
        #expect(await repository.status("a")?.state == .ready)
        #expect(await repository.status("a")?.inFlight == 1)
        #expect(await repository.status("a")?.lastUsed != nil)
        await repository.release(model)
        let again = try await repository.acquire("a")
        #expect(again === model)
        await repository.release(again)

        #expect(counter.loads("a.json") == 1)
        let status = try #require(await repository.status("a"))
        #expect(status.inFlight == 0)
        #expect(status.residentBytes == model.residentBytes)
        let counters = await repository.counters()
        #expect(counters.loads == 1)
        #expect(counters.loadedModels == 1)
        #expect(counters.residentBytes == model.residentBytes)
        #expect(model.metadata.inputs.first?.shape == [-1, Int64(try #require(model.tree).featureCount)])
    }

    @Test
    func concurrentRequestsForALoadingModelShareOneLoad() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (repository, counter) = Self.repository(delay: 0.3)
        try await repository.register(try Self.threeModels(directory)[0])
        let models = try await withThrowingTaskGroup(of: LoadedModel.self) { group in
            for _ in 0..<8 { group.addTask { try await repository.acquire("a") } }
            var collected: [LoadedModel] = []
            for try await model in group { collected.append(model) }
            return collected
        }
        #expect(models.count == 8)
        #expect(models.allSatisfy { $0 === models[0] })
        #expect(counter.loads("a.json") == 1)
        #expect(await repository.status("a")?.inFlight == 8)
        for model in models { await repository.release(model) }
        #expect(await repository.status("a")?.inFlight == 0)
    }

    @Test
    func runsAtMostLoadConcurrencyLoadsAtOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (repository, counter) = Self.repository(delay: 0.15, concurrency: 1)
        for source in try Self.threeModels(directory) { try await repository.register(source) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for name in ["a", "b", "c"] { group.addTask { try await repository.load(name) } }
            try await group.waitForAll()
        }
        #expect(counter.totalLoads == 3)
        #expect(counter.maxConcurrentLoads == 1)
        #expect(await repository.index().allSatisfy { $0.state == .ready })
    }

    @Test
    func requestsGiveUpOnASlowLoadAtTheDeadline() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (repository, counter) = Self.repository(delay: 1.0, timeout: 0.1)
        try await repository.register(try Self.threeModels(directory)[0])
        do {
            _ = try await repository.acquire("a")
            Issue.record("the request did not time out")
        } catch {
            #expect(error.code == .unavailable)
            #expect((error.cause as? KServeError)?.code == .timeout)
            #expect(error.message.contains("still loading"))
        }
        // It gave up while the load was still running.
        #expect(await repository.status("a")?.state == .loading)
        // The load goes on; an explicit load waits for it without a deadline, and requests then find it ready.
        try await repository.load("a")
        let model = try await repository.acquire("a")
        await repository.release(model)
        #expect(counter.loads("a.json") == 1)
    }

    // MARK: - Memory budget

    @Test
    func evictsTheLeastRecentlyUsedIdleModel() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let size = try Self.residentBytesOfFixture()
        let (repository, counter) = Self.repository(budget: 2 * size)
        for source in try Self.threeModels(directory) { try await repository.register(source) }
        try await repository.load("a")
        try await repository.load("b")
        // Use a, so b becomes the least recently used.
        await repository.release(try await repository.acquire("a"))
        await repository.release(try await repository.acquire("c"))

        #expect(await repository.status("b")?.state == .unavailable)
        #expect(await repository.status("b")?.reason.contains("evicted") == true)
        #expect(await repository.status("a")?.state == .ready)
        #expect(await repository.status("c")?.state == .ready)
        var counters = await repository.counters()
        #expect(counters.evictions == 1)
        #expect(counters.loadedModels == 2)
        #expect(counters.residentBytes == 2 * size)

        // b reloads on its next request, evicting a (now the least recently used), and serves.
        let model = try await repository.acquire("b")
        let tree = try #require(model.tree)
        let rows = [Double](repeating: 1, count: tree.featureCount)
        #expect(tree.predict(rows: rows, rowCount: 1).count == 1)
        await repository.release(model)
        #expect(counter.loads("b.json") == 2)
        #expect(await repository.status("a")?.state == .unavailable)
        counters = await repository.counters()
        #expect(counters.evictions == 2)
        #expect(counters.residentBytes <= 2 * size)
    }

    @Test
    func makesRoomBeforeReloadingAModelOfKnownSize() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let size = try Self.residentBytesOfFixture()
        let (repository, counter) = Self.repository(budget: 2 * size)
        for source in try Self.threeModels(directory) { try await repository.register(source) }
        try await repository.load("a")
        try await repository.load("b")
        try await repository.load("c")  // evicts a once c's size is known
        #expect(await repository.status("a")?.state == .unavailable)

        // a's size is known now: its reload evicts b (the least recently used) before it starts loading. The
        // reload is held at the gate, so the test looks at the repository while it is under way.
        counter.armGate()
        let reload = Task { try await repository.load("a") }
        var waited = 0
        while await repository.status("a")?.state != .loading && waited < 60_000 {
            try await Task.sleep(nanoseconds: 1_000_000)
            waited += 1
        }
        #expect(await repository.status("b")?.state == .unavailable)
        #expect(await repository.status("a")?.state == .loading)
        #expect(await repository.counters().residentBytes == size)
        counter.openGate()
        try await reload.value
        #expect(await repository.counters().residentBytes == 2 * size)
        #expect(await repository.counters().evictions == 2)
        #expect(counter.loads("a.json") == 2)
    }

    @Test
    func neverEvictsAModelInUse() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let size = try Self.residentBytesOfFixture()
        let (repository, _) = Self.repository(budget: size)
        for source in try Self.threeModels(directory) { try await repository.register(source) }
        let held = try await repository.acquire("a")

        // The budget holds one model and a request holds it: b's request waits (it does not fail), and the
        // repository says why.
        let waiting = Task { try await repository.acquire("b") }
        var waited = 0
        while await repository.status("b")?.reason.contains("in use") != true && waited < 3000 {
            try await Task.sleep(nanoseconds: 20_000_000)
            waited += 1
        }
        #expect(await repository.status("b")?.state == .loading)
        #expect(await repository.status("b")?.reason.contains("in use") == true)
        #expect(await repository.status("a")?.state == .ready)
        #expect(await repository.counters().evictions == 0)

        // Once the request on a ends, b is installed (evicting a) and its waiting request gets it.
        await repository.release(held)
        let model = try await waiting.value
        await repository.release(model)
        #expect(model.name == "b")
        #expect(await repository.status("a")?.state == .unavailable)
        #expect(await repository.counters().evictions == 1)
    }

    @Test
    func aModelLargerThanTheWholeBudgetFails() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let size = try Self.residentBytesOfFixture()
        let (repository, _) = Self.repository(budget: size - 1)
        try await repository.register(try Self.threeModels(directory)[0])
        do {
            _ = try await repository.acquire("a")
            Issue.record("a model over the budget loaded")
        } catch {
            #expect(error.code == .unavailable)
        }
        let status = try #require(await repository.status("a"))
        #expect(status.state == .failed)
        #expect(status.reason.contains("more than the whole memory budget"))
        #expect(await repository.counters().loadFailures == 1)
        #expect(await repository.counters().residentBytes == 0)
    }

    // MARK: - Failures

    @Test
    func aFailedLoadKeepsOtherModelsServingAndCanBeRetried() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = try directory.copy(Fixtures.modelPath(.lightgbm, "binary"), to: "good.txt")
        let text = try String(contentsOfFile: Fixtures.modelPath(.xgboost, "binary_logistic"), encoding: .utf8)
        let broken = try directory.write("broken.json", String(text.prefix(text.count / 2)))
        let (repository, counter) = Self.repository()
        try await repository.register(ModelSource(name: "good", path: good))
        try await repository.register(ModelSource(name: "broken", path: broken))
        try await repository.register(ModelSource(name: "missing", path: directory.file("missing.json")))
        try await repository.register(ModelSource(name: "wrong", path: good, format: .xgboost))

        for name in ["broken", "missing", "wrong"] {
            do {
                _ = try await repository.acquire(name)
                Issue.record("\(name) loaded")
            } catch {
                #expect(error.code == .unavailable, "\(name)")
                #expect(error.message.contains("failed to load"), "\(name)")
            }
            let status = try #require(await repository.status(name))
            #expect(status.state == .failed, "\(name)")
            #expect(!status.reason.isEmpty, "\(name)")
        }
        let model = try await repository.acquire("good")
        await repository.release(model)
        #expect(await repository.status("good")?.state == .ready)
        #expect(await repository.counters().loadFailures == 3)

        // A failed model is not retried by requests, only by an explicit load.
        let loadsBefore = counter.loads("broken.json")
        #expect(await Self.code { _ = try await repository.acquire("broken") } == .unavailable)
        #expect(counter.loads("broken.json") == loadsBefore)
        // The explicit load reports the loader's own error code.
        let retry = await Self.code { try await repository.load("broken") }
        #expect(retry != nil && retry != .unavailable)
        try directory.copy(Fixtures.modelPath(.xgboost, "binary_logistic"), to: "fixed.json")
        try FileManager.default.removeItem(atPath: broken)
        try FileManager.default.moveItem(atPath: directory.file("fixed.json"), toPath: broken)
        try await repository.load("broken")
        #expect(await repository.status("broken")?.state == .ready)
        #expect(await repository.status("broken")?.reason == "")
    }

    // MARK: - Unload

    @Test
    func unloadKeepsAModelUnloadedUntilLoaded() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (repository, counter) = Self.repository()
        try await repository.register(try Self.threeModels(directory)[0])
        try await repository.load("a")
        try await repository.unload("a")
        #expect(await repository.status("a")?.state == .unavailable)
        #expect(await repository.counters().unloads == 1)
        #expect(await repository.counters().residentBytes == 0)
        #expect(await Self.code { _ = try await repository.acquire("a") } == .unavailable)
        try await repository.load("a")
        await repository.release(try await repository.acquire("a"))
        #expect(counter.loads("a.json") == 2)
    }

    @Test
    func unloadWaitsForRequestsInFlight() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (repository, _) = Self.repository()
        try await repository.register(try Self.threeModels(directory)[0])
        let held = try await repository.acquire("a")
        let unloading = Task { try await repository.unload("a") }
        var waited = 0
        while await repository.status("a")?.state != .unloading && waited < 60_000 {
            try await Task.sleep(nanoseconds: 1_000_000)
            waited += 1
        }
        #expect(await repository.status("a")?.state == .unloading)
        #expect(await Self.code { _ = try await repository.acquire("a") } == .unavailable)
        // The held model still predicts while the unload waits.
        let tree = try #require(held.tree)
        let rows = [Double](repeating: 0.5, count: tree.featureCount)
        #expect(tree.predict(rows: rows, rowCount: 1).count == 1)
        await repository.release(held)
        try await unloading.value
        #expect(await repository.status("a")?.state == .unavailable)
        #expect(await repository.counters().residentBytes == 0)
    }

    @Test
    func unregisterForgetsAModel() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (repository, _) = Self.repository()
        try await repository.register(try Self.threeModels(directory)[0])
        try await repository.load("a")
        try await repository.unregister("a")
        #expect(await repository.names().isEmpty)
        #expect(await repository.counters().residentBytes == 0)
        #expect(await Self.code { _ = try await repository.acquire("a") } == .notFound)
    }

    @Test
    func withModelReleasesOnSuccessAndFailure() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (repository, _) = Self.repository()
        try await repository.register(try Self.threeModels(directory)[0])
        let features = try await repository.withModel("a") { $0.tree?.featureCount ?? 0 }
        #expect(features > 0)
        let code = await Self.code {
            _ = try await repository.withModel("a") { (_) throws(KServeError) -> Int in
                throw KServeError(.invalidInput, "bad request")
            }
        }
        #expect(code == .invalidInput)
        #expect(await repository.status("a")?.inFlight == 0)
    }

    // MARK: - Statistics

    @Test func recordsStatisticsPerModel() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (repository, _) = Self.repository()
        let source = try Self.threeModels(directory)[0]
        try await repository.register(ModelSource(name: "m", path: source.path))
        // Each inference gives its timings back with its hold, in the one hop that ends it.
        let outcomes = [
            InferenceOutcome(
                success: true,
                queueNanos: 10,
                computeInputNanos: 20,
                computeInferNanos: 30,
                computeOutputNanos: 40,
                batchSize: 4
            ),
            InferenceOutcome(success: false, queueNanos: 5, batchSize: 2),
        ]
        for outcome in outcomes {
            let model = try await repository.acquireInference("m")
            await repository.releaseInference(model, recording: outcome)
        }
        #expect(await repository.status("m")?.inFlight == 0)
        let statistics = try #require(await repository.statistics("m"))
        let json = statistics.json(name: "m", version: "1")
        #expect(json["name"] == "m")
        #expect(json["version"] == "1")
        #expect(json["inference_count"] == 4)
        #expect(json["execution_count"] == 1)
        #expect(json["inference_stats"]?["success"] == ["count": 1, "ns": 100])
        #expect(json["inference_stats"]?["fail"] == ["count": 1, "ns": 5])
        #expect(json["inference_stats"]?["queue"] == ["count": 1, "ns": 10])
        #expect(json["inference_stats"]?["compute_infer"] == ["count": 1, "ns": 30])
        #expect(json["batch_stats"]?[0]?["batch_size"] == 4)
        #expect(json["batch_stats"]?[0]?["compute_output"] == ["count": 1, "ns": 40])
        let last = try #require(json["last_inference"]?.int64Value)
        #expect(abs(last - Int64(Date().timeIntervalSince1970 * 1000)) < 60_000)
    }
}
