import NIOCore

/// Runs a task's jobs on one NIO event loop: the preferred executor of ``InferenceFastPath``'s tasks, so that a
/// request taken from the socket is answered and written on the thread that owns the socket instead of crossing to
/// the global executor and back. Inference jobs too large to run inline go to the repository's inference threads.
final class EventLoopExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
