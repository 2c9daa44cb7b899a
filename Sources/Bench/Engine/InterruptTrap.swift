import Core
import Synchronization

/// SIGINT as a flag: the first Ctrl-C sets it (the run stops and reports what it has), the second one ends the
/// process as usual.
enum InterruptTrap {
    static let raised = Atomic<Bool>(false)
    private static let installed = Atomic<Bool>(false)

    static func install() {
        guard installed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        signal(SIGINT) { _ in
            InterruptTrap.raised.store(true, ordering: .relaxed)
            signal(SIGINT, SIG_DFL)
        }
    }
}
