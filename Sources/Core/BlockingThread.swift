/// Runs blocking work (a libcurl transfer, reading a token file, running an exec plugin, `fsync`) on a thread of its
/// own, so that it never occupies a thread of Swift's cooperative pool or an event loop.
package enum BlockingThread {
    private final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts `body` on a new detached thread; runs it on the calling thread if no thread can be made.
    package static func run(_ body: @escaping @Sendable () -> Void) {
        if !start(body) { body() }
    }

    /// Starts `body` on a new detached thread; false (and `body` not run) when the system cannot make one.
    package static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread,
            nil,
            { context in
                guard let context else { return nil }
                Unmanaged<Work>.fromOpaque(context).takeRetainedValue().body()
                return nil
            },
            context
        )
        guard started == 0 else {
            Unmanaged<Work>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    /// Runs `body` on a thread of its own and waits for its result without blocking the caller's executor.
    /// `onCancel` runs (on the cancelling thread) when the waiting task is cancelled: the way to tell `body` to stop.
    package static func run<Result: Sendable>(
        onCancel: @escaping @Sendable () -> Void = {},
        _ body: @escaping @Sendable () throws(KServeError) -> Result
    ) async throws(KServeError) -> Result {
        let outcome: Swift.Result<Result, KServeError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                run {
                    do throws(KServeError) {
                        continuation.resume(returning: .success(try body()))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
            }
        } onCancel: {
            onCancel()
        }
        return try outcome.get()
    }
}
