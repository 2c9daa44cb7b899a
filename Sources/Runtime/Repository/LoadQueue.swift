import Core

/// Loads waiting for one of the repository's load threads, first in, first out.
struct LoadQueue {
    struct Item {
        let name: String
        let load: UInt64
    }

    private var items = FIFOQueue<Item>()

    mutating func append(_ name: String, load: UInt64) { items.append(Item(name: name, load: load)) }

    mutating func popFirst() -> Item? { items.popFirst() }
}
