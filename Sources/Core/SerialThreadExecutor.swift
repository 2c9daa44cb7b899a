/// A serial executor with a thread of its own. An actor that returns it from `unownedExecutor` runs all of its
/// isolated code on that thread, one job at a time in the order they arrive, and never on Swift's cooperative pool:
/// the place for an actor whose isolated code blocks (writes and fsyncs files), which on the pool would take one of
/// its few threads (one per core) from every other task for as long as the disk takes.
///
/// The thread ends once the executor is released (with the actor that owns it) and its last job has run.
package final class SerialThreadExecutor: SerialExecutor, @unchecked Sendable {
    private let queue: Queue

    /// Starts the thread; `.io` when the system cannot make one (`name` says whose thread it is in that error).
    package init(name: String) throws(KServeError) {
        queue = Queue()
        queue.executor = UnownedSerialExecutor(ordinary: self)
        let queue = queue
        guard BlockingThread.start({ queue.runJobs() }) else {
            throw KServeError(.io, "cannot start the thread of \(name)")
        }
    }

    deinit {
        queue.stop()
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        queue.append(UnownedJob(job))
    }

    package func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// The jobs under a pthread mutex and condition variable; the thread holds this, not the executor, so that the
    /// executor can be released while the thread waits. (Runtime's `WorkerPool` has a queue like it for many threads.)
    private final class Queue: @unchecked Sendable {
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        // Guarded by `mutex`.
        private var jobs = FIFOQueue<UnownedJob>()
        private var stopping = false
        /// Set once, before the thread starts.
        var executor: UnownedSerialExecutor?

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

        func append(_ job: UnownedJob) {
            pthread_mutex_lock(mutex)
            jobs.append(job)
            pthread_cond_signal(condition)
            pthread_mutex_unlock(mutex)
        }

        func stop() {
            pthread_mutex_lock(mutex)
            stopping = true
            pthread_cond_signal(condition)
            pthread_mutex_unlock(mutex)
        }

        /// The thread's loop: every job in order, until stopped with none left.
        func runJobs() {
            guard let executor else { return }
            while let job = next() {
                job.runSynchronously(on: executor)
            }
        }

        private func next() -> UnownedJob? {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            while jobs.isEmpty && !stopping {
                pthread_cond_wait(condition, mutex)
            }
            return jobs.popFirst()
        }
    }
}
