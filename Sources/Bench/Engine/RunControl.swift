import Synchronization

/// What the coordinator and the event loops of one load level share: the phase grid, whether to keep sending, and
/// the `--requests` budget. Lock-free, checked once per request.
final class RunControl: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let claimed = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    /// Warm-up, then measurement windows; every loop files its requests by it.
    let grid: PhaseGrid
    /// At most this many measured requests are sent; nil: no limit. Warm-up requests do not count.
    let budget: Int?
    /// No request intended (open loop) or sent (closed loop) at or after this moment (monotonic nanoseconds).
    let sendUntil: UInt64

    init(grid: PhaseGrid, budget: Int?, sendUntil: UInt64 = .max) {
        self.grid = grid
        self.budget = budget
        self.sendUntil = sendUntil
    }

    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    func stop() { stopping.store(true, ordering: .relaxed) }

    /// Takes one request, intended or sent at `moment`, from the budget; false when sending should stop.
    func claim(at moment: UInt64) -> Bool {
        if isStopping || moment >= sendUntil { return false }
        guard let budget, moment >= grid.measureFrom else { return true }
        let (_, now) = claimed.wrappingAdd(1, ordering: .relaxed)
        return now <= budget
    }

    /// Counts an ended request (answered or failed) whose latency counts from `origin` against the budget.
    func finish(origin: UInt64) {
        if budget != nil, origin >= grid.measureFrom { finished.wrappingAdd(1, ordering: .relaxed) }
    }

    /// True once every request of the budget has ended.
    var budgetSpent: Bool {
        guard let budget else { return false }
        return finished.load(ordering: .relaxed) >= budget
    }
}

/// Stops a run from outside: the command's Ctrl-C handler, or a test.
package final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    private let watchesInterrupt: Bool

    /// `watchingInterrupt`: also stop on SIGINT (installs a handler for the process; a second Ctrl-C kills).
    package init(watchingInterrupt: Bool = false) {
        watchesInterrupt = watchingInterrupt
        if watchingInterrupt { InterruptTrap.install() }
    }

    package func stop() { flag.store(true, ordering: .relaxed) }

    package var isStopped: Bool {
        flag.load(ordering: .relaxed) || (watchesInterrupt && InterruptTrap.raised.load(ordering: .relaxed))
    }
}
