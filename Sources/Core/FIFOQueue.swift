/// A first-in, first-out queue over an array with a moving head: appending and taking the oldest are O(1)
/// amortized, and the space of taken elements is given back once they are half the array. Not thread-safe: its
/// owner (an actor, or a lock) serializes the calls.
package struct FIFOQueue<Element> {
    private var items: [Element] = []
    private var head = 0

    package init() {}

    package var count: Int { items.count - head }
    package var isEmpty: Bool { head == items.count }

    package mutating func append(_ element: Element) { items.append(element) }

    /// Takes the oldest element.
    package mutating func popFirst() -> Element? {
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

    /// Takes the first element that matches, wherever it is in the queue.
    package mutating func remove(where matches: (Element) -> Bool) -> Element? {
        guard let index = items[head...].firstIndex(where: matches) else { return nil }
        return items.remove(at: index)
    }

    /// Takes every element, oldest first.
    package mutating func removeAll() -> [Element] {
        let all = Array(items[head...])
        items = []
        head = 0
        return all
    }
}
