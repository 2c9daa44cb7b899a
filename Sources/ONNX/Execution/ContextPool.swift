import Compute
import Core
import Synchronization

/// Execution contexts kept between requests of one model, so their scratch buffers are allocated once per shape
/// rather than once per request. Holds at most `capacity` idle contexts (one per worker thread is enough).
final class ContextPool: Sendable {
    private let idle = Mutex<[ExecutionContext]>([])
    private let backend: any ComputeBackend
    private let memoryLimit: Int
    private let capacity: Int

    init(backend: any ComputeBackend, memoryLimit: Int, capacity: Int = 16) {
        self.backend = backend
        self.memoryLimit = memoryLimit
        self.capacity = capacity
    }

    /// Runs `body` with a context of its own.
    func with<T>(_ body: (ExecutionContext) throws(KServeError) -> T) throws(KServeError) -> T {
        let context = idle.withLock { $0.popLast() } ?? ExecutionContext(backend: backend, memoryLimit: memoryLimit)
        context.resetPeak()
        defer { idle.withLock { if $0.count < capacity { $0.append(context) } } }
        return try body(context)
    }
}
