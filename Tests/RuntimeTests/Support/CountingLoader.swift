import Core
import Foundation
import Runtime
import Synchronization
import Trees

/// The standard loader, wrapped to count loads per file, hold each load for a while, and observe how many run
/// at once. The models it returns are the real executors.
final class CountingLoader: Sendable {
    private struct State {
        var loads: [String: Int] = [:]
        var running = 0
        var maxRunning = 0
    }

    private let state = Mutex(State())
    /// Seconds each load waits before parsing (to make loads overlap with requests).
    let delay: Double
    /// While armed, the next load waits here until ``openGate()``: a test sees the load under way for as long as it
    /// needs, however slow the machine.
    private let gate = DispatchSemaphore(value: 0)
    private let gateArmed = Atomic<Bool>(false)

    init(delay: Double = 0) { self.delay = delay }

    var loader: ModelLoader {
        ModelLoader { (format, bytes, source) throws(KServeError) -> any ServableModel in
            self.state.withLock {
                $0.loads[source, default: 0] += 1
                $0.running += 1
                $0.maxRunning = max($0.maxRunning, $0.running)
            }
            defer { self.state.withLock { $0.running -= 1 } }
            if self.gateArmed.compareExchange(expected: true, desired: false, ordering: .acquiringAndReleasing)
                .exchanged
            {
                self.gate.wait()
            }
            if self.delay > 0 { usleep(UInt32(self.delay * 1_000_000)) }
            return try ModelLoader.standard.load(format, bytes, source)
        }
    }

    /// Holds the next load until ``openGate()``.
    func armGate() { gateArmed.store(true, ordering: .releasing) }

    func openGate() { gate.signal() }

    /// Loads of files whose path ends with `suffix`.
    func loads(_ suffix: String) -> Int {
        state.withLock { $0.loads.filter { $0.key.hasSuffix(suffix) }.values.reduce(0, +) }
    }

    var totalLoads: Int { state.withLock { $0.loads.values.reduce(0, +) } }
    var maxConcurrentLoads: Int { state.withLock { $0.maxRunning } }
}
