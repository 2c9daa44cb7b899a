import Core

/// Requests waiting for one of a model's inference slots, first in, first out; a cancelled waiter is removed by id.
struct SlotWaiters {
    /// One waiting request; resumed with the model once it holds a slot, or with the error that ended its wait.
    struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Result<LoadedModel, KServeError>, Never>
    }

    private var queue = FIFOQueue<Waiter>()

    var count: Int { queue.count }
    var isEmpty: Bool { queue.isEmpty }

    mutating func append(_ waiter: Waiter) { queue.append(waiter) }

    /// Takes the oldest waiter.
    mutating func popFirst() -> Waiter? { queue.popFirst() }

    /// Takes the waiter with `id`, wherever it is in the queue.
    mutating func remove(id: UInt64) -> Waiter? { queue.remove { $0.id == id } }

    /// Takes every waiter, oldest first.
    mutating func removeAll() -> [Waiter] { queue.removeAll() }
}
