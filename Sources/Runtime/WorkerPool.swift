import Core
import Synchronization

/// Runs blocking work (loads, inference) on a fixed pool of threads, never on the caller's (event loop) thread.
///
/// Jobs run in the order they were submitted. ``shutdown()`` lets queued jobs finish, then stops the threads;
/// work submitted after it fails with ``KServeError/Code/unavailable``. Dropping the last reference stops the
/// threads the same way without waiting for them.
package final class WorkerPool: Sendable {
    /// Names the pool in errors.
    package let name: String
    package let threadCount: Int
    private let queue: WorkerQueue

    package init(threads: Int, name: String) {
        self.name = name
        self.threadCount = max(1, threads)
        self.queue = WorkerQueue()
        var started = 0
        for _ in 0..<threadCount where queue.startThread() { started += 1 }
        // Without a thread, queued work would wait forever: refuse it instead.
        if started == 0 { queue.stop(join: false) }
    }

    deinit { queue.stop(join: false) }

    /// Runs `work` on one of the pool's threads and returns its result.
    package func run<T: Sendable>(
        _ work: @escaping @Sendable () throws(KServeError) -> T
    ) async throws(KServeError) -> T {
        let poolName = name
        let result: Result<T, KServeError> = await withCheckedContinuation { continuation in
            let accepted = queue.submit {
                let outcome: Result<T, KServeError>
                do throws(KServeError) {
                    outcome = .success(try work())
                } catch {
                    outcome = .failure(error)
                }
                continuation.resume(returning: outcome)
            }
            if !accepted {
                let error = KServeError(.unavailable, "worker pool \(poolName) is shut down")
                continuation.resume(returning: .failure(error))
            }
        }
        return try result.get()
    }

    /// Jobs waiting for a thread.
    package var queuedJobs: Int { queue.pendingCount }

    /// Finishes the queued jobs and stops the threads, waiting for them (except when called from one of them).
    /// Later calls do nothing.
    package func shutdown() { queue.stop(join: true) }
}

/// The shared state of a ``WorkerPool``: Core's blocking FIFO of jobs, and the threads that take them.
///
/// Threads hold this object, not the pool, so that the pool can be released while they wait.
private final class WorkerQueue: Sendable {
    typealias Job = @Sendable () -> Void

    private let jobs = BlockingFIFO<Job>()
    private let threads = Mutex<[pthread_t]>([])

    var pendingCount: Int { jobs.count }

    /// Queues a job; false once the queue is stopping.
    func submit(_ job: @escaping Job) -> Bool { jobs.submit(job) }

    /// The next job, waiting for one; nil when the queue is stopping and empty.
    func next() -> Job? { jobs.next() }

    /// Starts one more thread; false when the system refuses.
    func startThread() -> Bool {
        let context = Unmanaged.passRetained(WorkerThreadContext(queue: self)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let status = pthread_create(&thread, nil, workerThreadMain, context)
        guard status == 0 else {
            Unmanaged<WorkerThreadContext>.fromOpaque(context).release()
            return false
        }
        #if canImport(Darwin)
        guard let thread else { return false }
        #endif
        threads.withLock { $0.append(thread) }
        return true
    }

    func stop(join: Bool) {
        jobs.stop()
        let running = threads.withLock { threads in
            defer { threads = [] }
            return threads
        }
        let current = pthread_self()
        for thread in running {
            if join && pthread_equal(thread, current) == 0 {
                pthread_join(thread, nil)
            } else {
                pthread_detach(thread)
            }
        }
    }
}

private final class WorkerThreadContext {
    let queue: WorkerQueue

    init(queue: WorkerQueue) { self.queue = queue }
}

#if canImport(Darwin)
private func workerThreadMain(_ argument: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? {
    runWorker(argument)
    return nil
}
#else
private func workerThreadMain(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    if let argument { runWorker(argument) }
    return nil
}
#endif

private func runWorker(_ argument: UnsafeMutableRawPointer) {
    let context = Unmanaged<WorkerThreadContext>.fromOpaque(argument).takeRetainedValue()
    while let job = context.queue.next() {
        job()
    }
}
