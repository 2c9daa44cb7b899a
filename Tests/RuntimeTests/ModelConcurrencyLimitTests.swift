import Core
import Foundation
import Runtime
import Testing

/// The per-model concurrency limit (an InferenceService's workers): real repository, real fixture model; the
/// "inference" is the body of ``ModelRepository/withInference(_:_:)``, which counts how many run at once.
@Suite struct ModelConcurrencyLimitTests {
    /// Counts bodies running at once and the most seen.
    final class Gauge: Sendable {
        private let state = Locked((now: 0, most: 0))

        func enter() {
            state.withLock { state in
                state.now += 1
                state.most = max(state.most, state.now)
            }
        }

        func leave() { state.withLock { $0.now -= 1 } }
        var most: Int { state.value.most }
    }

    private static func repository(limit: Int?, loadDelay: Double = 0) async throws -> ModelRepository {
        var configuration = RepositoryConfiguration()
        configuration.workers = 2
        let counter = CountingLoader(delay: loadDelay)
        let repository = ModelRepository(configuration: configuration, loader: counter.loader)
        try await repository.register(ModelSource(name: "a", path: Fixtures.modelPath(.xgboost, "binary_logistic")))
        try await repository.setConcurrencyLimit("a", limit)
        return repository
    }

    /// Polls until `predicate` holds for the model's status; fails after `seconds`.
    private static func until(
        _ repository: ModelRepository,
        within seconds: Double = 10,
        sourceLocation: Testing.SourceLocation = #_sourceLocation,
        _ predicate: (ModelStatus) -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let status = await repository.status("a"), predicate(status) { return }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        Issue.record("the model's status did not reach the expected state", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    private static func code(_ result: Result<LoadedModel, any Error>) -> KServeError.Code? {
        guard case .failure(let error) = result else { return nil }
        return (error as? KServeError)?.code
    }

    @Test("at most `limit` inferences run at once, also for a model that loads on first use")
    func limitHoldsUnderLoad() async throws {
        let repository = try await Self.repository(limit: 2, loadDelay: 0.1)
        defer { repository.shutdown() }
        let gauge = Gauge()
        let sawWaiting = Locked(false)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await repository.withInference("a") { _ in
                        gauge.enter()
                        try? await Task.sleep(nanoseconds: 20_000_000)
                        gauge.leave()
                    }
                }
            }
            group.addTask {
                try await Self.until(repository) { $0.waiting > 0 }
                sawWaiting.withLock { $0 = true }
            }
            try await group.waitForAll()
        }
        #expect(gauge.most == 2)
        #expect(sawWaiting.value)
        let status = try #require(await repository.status("a"))
        #expect(status.concurrencyLimit == 2 && status.waiting == 0 && status.inFlight == 0)
    }

    @Test("waiting requests start in arrival order; a hold without a slot (metadata) does not wait")
    func waitersAdmittedInOrder() async throws {
        let repository = try await Self.repository(limit: 1)
        defer { repository.shutdown() }
        let first = try await repository.acquireInference("a")
        let order = Locked([Int]())
        var tasks: [Task<Void, any Error>] = []
        for index in 1...5 {
            tasks.append(
                Task {
                    try await repository.withInference("a") { _ in order.withLock { $0.append(index) } }
                }
            )
            try await Self.until(repository) { $0.waiting == index }
        }
        // Metadata takes a plain hold: not held up by the full slots.
        let plain = try await repository.acquire("a")
        await repository.release(plain)
        #expect(order.value.isEmpty)
        await repository.releaseInference(first, recording: nil)
        for task in tasks { try await task.value }
        #expect(order.value == [1, 2, 3, 4, 5])
        #expect(await repository.status("a")?.waiting == 0)
    }

    @Test("unloading fails the waiting requests with unavailable; the running one finishes")
    func unloadFailsWaiters() async throws {
        let repository = try await Self.repository(limit: 1)
        defer { repository.shutdown() }
        let running = try await repository.acquireInference("a")
        let waiters = (0..<2).map { _ in Task { try await repository.acquireInference("a") } }
        try await Self.until(repository) { $0.waiting == 2 }
        let unload = Task { try await repository.unload("a") }
        for waiter in waiters {
            #expect(Self.code(await waiter.result) == .unavailable)
        }
        #expect(await repository.status("a")?.state == .unloading)
        await repository.releaseInference(running, recording: nil)
        try await unload.value
        let status = try #require(await repository.status("a"))
        #expect(status.state == .unavailable && status.waiting == 0 && status.inFlight == 0)
    }

    @Test("unregistering fails the waiting requests")
    func unregisterFailsWaiters() async throws {
        let repository = try await Self.repository(limit: 1)
        defer { repository.shutdown() }
        let running = try await repository.acquireInference("a")
        let waiter = Task { try await repository.acquireInference("a") }
        try await Self.until(repository) { $0.waiting == 1 }
        let unregister = Task { try await repository.unregister("a") }
        #expect(Self.code(await waiter.result) == .unavailable)
        await repository.releaseInference(running, recording: nil)
        try await unregister.value
        #expect(await repository.status("a") == nil)
    }

    @Test("a cancelled wait ends with interrupted and leaves no slot taken")
    func cancellation() async throws {
        let repository = try await Self.repository(limit: 1)
        defer { repository.shutdown() }
        let running = try await repository.acquireInference("a")
        let waiter = Task { try await repository.acquireInference("a") }
        try await Self.until(repository) { $0.waiting == 1 }
        waiter.cancel()
        #expect(Self.code(await waiter.result) == .interrupted)
        #expect(await repository.status("a")?.waiting == 0)
        await repository.releaseInference(running, recording: nil)
        // The one slot is free again: this would wait forever if the cancelled request had kept it.
        let next = try await repository.acquireInference("a")
        await repository.releaseInference(next, recording: nil)
        #expect(await repository.status("a")?.inFlight == 0)
    }

    @Test("raising or removing the limit admits waiting requests at once; bad limits and names are refused")
    func changingTheLimit() async throws {
        let repository = try await Self.repository(limit: 1)
        defer { repository.shutdown() }
        let running = try await repository.acquireInference("a")
        let waiters = (0..<3).map { _ in Task { try await repository.acquireInference("a") } }
        try await Self.until(repository) { $0.waiting == 3 }
        try await repository.setConcurrencyLimit("a", 3)
        try await Self.until(repository) { $0.waiting == 1 && $0.inFlight == 3 }
        try await repository.setConcurrencyLimit("a", nil)
        var admitted = [running]
        for waiter in waiters { admitted.append(try await waiter.value) }
        #expect(await repository.status("a")?.inFlight == 4)
        #expect(await repository.status("a")?.concurrencyLimit == nil)
        for model in admitted { await repository.releaseInference(model, recording: nil) }

        // Lowering the limit: the next request waits while one runs.
        try await repository.setConcurrencyLimit("a", 1)
        let one = try await repository.acquireInference("a")
        let blocked = Task { try await repository.acquireInference("a") }
        try await Self.until(repository) { $0.waiting == 1 }
        await repository.releaseInference(one, recording: nil)
        await repository.releaseInference(try await blocked.value, recording: nil)

        await #expect(throws: KServeError.self) { try await repository.setConcurrencyLimit("a", 0) }
        do {
            try await repository.setConcurrencyLimit("nope", 2)
            Issue.record("an unknown model got a limit")
        } catch {
            #expect(error.code == .notFound)
        }
    }
}
