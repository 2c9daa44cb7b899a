import Synchronization

/// A flag that one task or thread sets and another reads, without a lock: a transfer's cancellation (set from a
/// cancellation handler, read by libcurl's progress callback), a watch that fell behind.
package final class AtomicFlag: Sendable {
    private let state = Atomic<Bool>(false)

    package init() {}

    package var isSet: Bool { state.load(ordering: .acquiring) }

    package func set() { state.store(true, ordering: .releasing) }
}
