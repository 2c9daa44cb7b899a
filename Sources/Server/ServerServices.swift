import ControlPlane
import Core
import Logging
import Reconciler
import Runtime
import ServiceLifecycle

/// The reconciler as a service: it runs until the group shuts down (it is shut down last, once the HTTP server has
/// drained), and its passes are child tasks of its own, cancelled with it.
struct ReconcilerService: Service {
    let reconciler: Reconciler

    func run() async throws {
        await cancelWhenGracefulShutdown { await reconciler.run() }
        // The store closes before this service is asked to stop (its watches end first, see StoreCloser), which
        // ends the reconciler's run; finishing before the request would read as a failure of the group.
        try? await gracefulShutdown()
    }
}

/// `--eager`: loads every registered model (at most `loadConcurrency` at once, as the repository schedules them),
/// then marks the server ready. Failures are logged and leave the model FAILED; a shutdown stops the waiting.
struct EagerLoader: Service {
    let names: [String]
    let plane: DataPlane

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for name in names {
                    group.addTask {
                        do throws(KServeError) {
                            try await plane.repository.load(name)
                        } catch {
                            if !Task.isCancelled {
                                plane.logger.error(
                                    "model \(name): load failed: \(error.message)",
                                    metadata: ["model": "\(name)"]
                                )
                            }
                        }
                    }
                }
            }
            guard !Task.isCancelled else { return }
            plane.markReady()
            plane.logger.info("eager loading done; server ready")
        }
    }
}

/// Ends the store's watches when a graceful shutdown starts, so that open watch responses finish and the HTTP
/// server can drain. Listed after the application: the service group shuts services down in reverse order.
struct StoreCloser: Service {
    let store: ResourceStore

    func run() async throws {
        try? await gracefulShutdown()
        await store.close()
    }
}

/// Shutdowns asked for in process (the `shutdown` closure `ModelServer.serve` hands out): the first one ends this
/// service, which shuts the group down gracefully, as a signal does.
final class ShutdownRequests: Service, Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self)
    }

    /// Asks for a graceful shutdown; returns at once.
    func request() { continuation.yield() }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            for await _ in self.stream { return }
        }
    }
}
