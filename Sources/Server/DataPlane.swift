import Core
import HTTPServing
import Hummingbird
import Logging
import Runtime
import Synchronization

/// What every route shares: the repository, the metrics, the limits and the server's readiness.
final class DataPlane: Sendable {
    let repository: ModelRepository
    let metrics = ServerMetrics()
    let maxBodyBytes: Int
    let modelsDirectory: String?
    let serverVersion: String
    let logger: Logger
    private let readyFlag: Atomic<Bool>

    init(repository: ModelRepository, configuration: ServerConfiguration, ready: Bool) {
        self.repository = repository
        self.maxBodyBytes = configuration.maxBodyBytes
        self.modelsDirectory = configuration.modelsDirectory
        self.serverVersion = configuration.serverVersion
        self.logger = configuration.logger
        self.readyFlag = Atomic(ready)
    }

    /// The server is ready once start-up work (eager loads) is done.
    var isReady: Bool { readyFlag.load(ordering: .acquiring) }

    func markReady() { readyFlag.store(true, ordering: .releasing) }

    /// Runs CPU work on the repository's inference threads, never on an event loop.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws(KServeError) -> T) async throws(KServeError) -> T {
        try await repository.inferencePool.run(work)
    }

    /// The model's status, or a 404 naming it.
    func requireStatus(_ name: String) async throws(APIError) -> ModelStatus {
        guard let status = await repository.status(name) else { throw APIError.modelNotFound(name) }
        return status
    }

    /// The model held for one request (loaded on demand), or the 404/503 a client should see.
    func acquire(_ name: String) async throws(APIError) -> LoadedModel {
        do {
            return try await repository.acquire(name)
        } catch {
            throw APIError.acquiring(name, error)
        }
    }

    func release(_ model: LoadedModel) async {
        await repository.release(model)
    }

    /// The model held for one inference, within its concurrency limit (waiting for a slot when the limit is
    /// reached); ``ModelRepository/releaseInference(_:recording:)`` gives it back.
    func acquireInference(_ name: String) async throws(APIError) -> LoadedModel {
        do {
            return try await repository.acquireInference(name)
        } catch {
            throw APIError.acquiring(name, error)
        }
    }
}
