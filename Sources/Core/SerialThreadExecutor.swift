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

    /// The jobs and the executor to run them on; the thread holds this, not the executor, so that the executor can
    /// be released while the thread waits.
    private final class Queue: @unchecked Sendable {
        // @unchecked: `jobs` is thread-safe; `executor` is set once, before the thread starts.
        let jobs = BlockingFIFO<UnownedJob>()
        var executor: UnownedSerialExecutor?

        func append(_ job: UnownedJob) { _ = jobs.submit(job) }

        func stop() { jobs.stop() }

        /// The thread's loop: every job in order, until stopped with none left.
        func runJobs() {
            guard let executor else { return }
            while let job = jobs.next() {
                job.runSynchronously(on: executor)
            }
        }
    }
}
