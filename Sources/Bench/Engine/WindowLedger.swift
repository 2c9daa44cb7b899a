import Core

/// The coordinator's side of a level's accounting: merges what the loops hand over, slot by slot, and closes the
/// windows in order once their time is over and none of their requests is pending on any loop, so that every
/// request intended (open loop) or sent (closed loop) in a window is counted there exactly once.
struct WindowLedger {
    let grid: PhaseGrid
    let modelCount: Int
    /// The warm-up's counts (for the check that not everything failed), per model.
    private(set) var warmup: [WindowSample]
    /// Windows not closed yet, per model.
    private(set) var open: [Int: [WindowSample]] = [:]
    /// Requests still pending per window, summed over the loops' latest harvests.
    private(set) var pending: [Int: Int] = [:]
    /// Closed windows in order, per model, each with its length set.
    private(set) var closed: [[WindowSample]] = []
    /// The first failure of the measurement (not of the warm-up).
    private(set) var firstError: String?
    private(set) var warmupFirstError: String?
    private(set) var lastOrigin: UInt64 = 0

    init(grid: PhaseGrid, modelCount: Int) {
        self.grid = grid
        self.modelCount = modelCount
        warmup = Self.empty(modelCount)
    }

    /// Adds one harvest of every loop (taken one after the other, all after the same moment).
    mutating func add(_ harvests: [PhaseHarvest]) {
        var pendingNow: [Int: Int] = [:]
        for harvest in harvests {
            lastOrigin = max(lastOrigin, harvest.lastOrigin)
            for (slot, count) in harvest.pending where count > 0 { pendingNow[slot, default: 0] += count }
            for (slot, stats) in harvest.slots {
                if slot == PhaseGrid.warmup {
                    if warmupFirstError == nil { warmupFirstError = stats.firstError }
                    Self.merge(stats, into: &warmup)
                } else if slot >= closed.count {
                    if firstError == nil { firstError = stats.firstError }
                    var samples = open.removeValue(forKey: slot) ?? Self.empty(modelCount)
                    Self.merge(stats, into: &samples)
                    open[slot] = samples
                }
                // A slot already closed gets nothing more (nothing of it was pending); a late record could only
                // come from a window beyond a level's end, which is not counted.
            }
        }
        pending = pendingNow
    }

    /// The index of the next window to close.
    var nextWindow: Int { closed.count }

    /// Whether the next window's time is over at `now` (a moment read before the harvest) and nothing of it is
    /// pending.
    func canClose(now: UInt64) -> Bool {
        grid.end(ofWindow: nextWindow) <= now && (pending[nextWindow] ?? 0) == 0
    }

    /// Closes the next window, a full one.
    mutating func closeNext() {
        closeNext(seconds: Double(grid.windowNanoseconds) / 1e9)
    }

    /// Closes every window that starts before `end`, the last one partial; later slots are dropped.
    mutating func closeAll(until end: UInt64) {
        while grid.start(ofWindow: nextWindow) < end {
            let windowEnd = min(end, grid.end(ofWindow: nextWindow))
            closeNext(seconds: Clock.seconds(from: grid.start(ofWindow: nextWindow), to: windowEnd))
        }
        open = [:]
    }

    /// Requests pending in windows starting before `end`.
    func pending(before end: UInt64) -> Int {
        pending.reduce(0) { sum, entry in
            entry.key >= 0 && grid.start(ofWindow: entry.key) < end ? sum + entry.value : sum
        }
    }

    /// The closed windows' totals (every model together).
    var totals: [WindowSample] { closed.map(Self.total) }

    /// The window `index` so far (closed or not), every model together.
    func current(_ index: Int) -> WindowSample {
        if index < closed.count { return Self.total(closed[index]) }
        return Self.total(open[index] ?? [])
    }

    private mutating func closeNext(seconds: Double) {
        var samples = open.removeValue(forKey: nextWindow) ?? Self.empty(modelCount)
        for index in samples.indices { samples[index].seconds = seconds }
        closed.append(samples)
    }

    static func total(_ samples: [WindowSample]) -> WindowSample {
        var total = WindowSample.combining(sameWindow: samples)
        total.seconds = samples.first?.seconds ?? 0
        return total
    }

    private static func empty(_ count: Int) -> [WindowSample] {
        [WindowSample](repeating: WindowSample(), count: count)
    }

    private static func merge(_ stats: LoopStats, into samples: inout [WindowSample]) {
        for (index, sample) in stats.samples.enumerated() {
            if let sample, index < samples.count { samples[index].combine(sameWindow: sample) }
        }
    }
}
