/// Loads waiting for one of the repository's load threads, first in, first out: an array with a moving head, so
/// that appending and taking the oldest are O(1) amortized.
struct LoadQueue {
    struct Item {
        let name: String
        let load: UInt64
    }

    private var items: [Item] = []
    private var head = 0

    mutating func append(_ name: String, load: UInt64) { items.append(Item(name: name, load: load)) }

    mutating func popFirst() -> Item? {
        guard head < items.count else { return nil }
        let first = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        return first
    }
}
