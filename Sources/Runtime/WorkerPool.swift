import Core

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

/// The shared state of a ``WorkerPool``: a FIFO of jobs under a pthread mutex and condition variable.
///
/// Threads hold this object, not the pool, so that the pool can be released while they wait.
private final class WorkerQueue: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var jobs = FIFOQueue<Job>()
    private var stopping = false
    private var threads: [pthread_t] = []

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    var pendingCount: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return jobs.count
    }

    /// Queues a job; false once the queue is stopping.
    func submit(_ job: @escaping Job) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !stopping else { return false }
        jobs.append(job)
        pthread_cond_signal(condition)
        return true
    }

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
        pthread_mutex_lock(mutex)
        threads.append(thread)
        pthread_mutex_unlock(mutex)
        return true
    }

    /// The next job, waiting for one; nil when the queue is stopping and empty.
    func next() -> Job? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while jobs.isEmpty && !stopping {
            pthread_cond_wait(condition, mutex)
        }
        return jobs.popFirst()
    }

    func stop(join: Bool) {
        pthread_mutex_lock(mutex)
        stopping = true
        let running = threads
        threads = []
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
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
