/// A FIFO of jobs that threads of their own wait on, under a pthread mutex and condition variable: the queue of
/// Runtime's `WorkerPool` (many threads) and of ``SerialThreadExecutor`` (one thread).
///
/// Threads hold this object rather than its owner, so that the owner can be released while they wait.
package final class BlockingFIFO<Job>: @unchecked Sendable {
    // @unchecked: every stored property but the pointers is guarded by `mutex`; the pointers never change.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs = FIFOQueue<Job>()
    private var stopping = false

    package init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Jobs waiting for a thread.
    package var count: Int {
        locked { jobs.count }
    }

    /// Queues a job and wakes one waiting thread; false once the queue is stopping.
    package func submit(_ job: Job) -> Bool {
        locked {
            guard !stopping else { return false }
            jobs.append(job)
            pthread_cond_signal(condition)
            return true
        }
    }

    /// The next job, waiting for one; nil when the queue is stopping and empty (queued jobs still run).
    package func next() -> Job? {
        locked {
            while jobs.isEmpty && !stopping {
                pthread_cond_wait(condition, mutex)
            }
            return jobs.popFirst()
        }
    }

    /// Refuses further jobs and wakes every waiting thread; the queued ones are still handed out.
    package func stop() {
        locked {
            stopping = true
            pthread_cond_broadcast(condition)
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}
