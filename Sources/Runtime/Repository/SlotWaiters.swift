import Core

/// Requests waiting for one of a model's inference slots, first in, first out.
///
/// An array with a moving head: appending and taking the oldest are O(1) (amortized), and a cancelled waiter is
/// removed by id.
struct SlotWaiters {
    /// One waiting request; resumed with the model once it holds a slot, or with the error that ended its wait.
    struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Result<LoadedModel, KServeError>, Never>
    }

    private var items: [Waiter] = []
    private var head = 0

    var count: Int { items.count - head }
    var isEmpty: Bool { head == items.count }

    mutating func append(_ waiter: Waiter) { items.append(waiter) }

    /// Takes the oldest waiter.
    mutating func popFirst() -> Waiter? {
        guard head < items.count else { return nil }
        let first = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return first
    }

    /// Takes the waiter with `id`, wherever it is in the queue.
    mutating func remove(id: UInt64) -> Waiter? {
        guard let index = items[head...].firstIndex(where: { $0.id == id }) else { return nil }
        return items.remove(at: index)
    }

    /// Takes every waiter, oldest first.
    mutating func removeAll() -> [Waiter] {
        let all = Array(items[head...])
        items = []
        head = 0
        return all
    }
}
