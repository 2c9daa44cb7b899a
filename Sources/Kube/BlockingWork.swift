import Transport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs blocking work (reading a token file, running an exec plugin) on a thread of its own, never on the
/// cooperative pool or an event loop.
enum BlockingWork {
    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    static func run<Result: Sendable>(
        _ body: @escaping @Sendable () throws(KServeError) -> Result
    ) async throws(KServeError) -> Result {
        let outcome: Swift.Result<Result, KServeError> = await withCheckedContinuation { continuation in
            start {
                do throws(KServeError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try outcome.get()
    }

    private static func start(_ body: @escaping () -> Void) {
        let context = Unmanaged.passRetained(Job(body)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(
            &thread,
            nil,
            { context in
                guard let context else { return nil }
                Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body()
                return nil
            },
            context
        )
        guard created == 0 else {
            Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body()
            return
        }
        pthread_detach(thread)
    }
}
