import Synchronization

/// Set from a task's cancellation handler, read by libcurl's progress callback on the transfer thread.
final class CancellationFlag: Sendable {
    private let state = Atomic<Bool>(false)

    init() {}

    var isCancelled: Bool { state.load(ordering: .relaxed) }

    func cancel() { state.store(true, ordering: .relaxed) }
}
