/// What one event loop measured, filed by phase (``PhaseGrid``: warm-up or window index) from each request's origin,
/// with the requests of each phase that have not ended yet. Confined to its loop.
///
/// Every request the loop claims is counted pending in its phase until exactly one record ends it: an answer, a
/// failure, a drop (never sent) or unanswered at the level's end. The coordinator closes a window once its time is
/// over and nothing of it is pending on any loop.
struct PhasedStats {
    let modelCount: Int
    let grid: PhaseGrid
    private(set) var slots: [Int: LoopStats] = [:]
    private(set) var pending: [Int: Int] = [:]
    /// The latest origin claimed, so a level cut short covers every request it counts.
    private(set) var lastOrigin: UInt64 = 0

    init(modelCount: Int, grid: PhaseGrid) {
        self.modelCount = modelCount
        self.grid = grid
    }

    /// A request with this origin will be sent (or waits for a connection): it is pending until recorded.
    mutating func claimed(origin: UInt64) {
        pending[grid.slot(of: origin), default: 0] += 1
        lastOrigin = max(lastOrigin, origin)
    }

    mutating func recordSent(model: Int, origin: UInt64, bytes: Int, late: Bool) {
        update(origin, ending: false) { $0.recordSent(model: model, bytes: bytes, late: late) }
    }

    mutating func recordSuccess(model: Int, origin: UInt64, latencyNanoseconds: UInt64, bytesReceived: Int) {
        update(origin, ending: true) {
            $0.recordSuccess(model: model, latencyNanoseconds: latencyNanoseconds, bytesReceived: bytesReceived)
        }
    }

    mutating func recordFailure(
        model: Int,
        origin: UInt64,
        kind: ErrorTally.Kind,
        status: Int? = nil,
        bytesReceived: Int = 0,
        description: @autoclosure () -> String
    ) {
        update(origin, ending: true) {
            $0.recordFailure(
                model: model,
                kind: kind,
                status: status,
                bytesReceived: bytesReceived,
                description: description()
            )
        }
    }

    /// An intended send that never left; `claimed`: it was pending (waited for a connection).
    mutating func recordDropped(model: Int, origin: UInt64, claimed: Bool) {
        update(origin, ending: claimed) { $0.recordDropped(model: model) }
    }

    /// A request still unanswered when its level ended: a timeout, also counted as unanswered.
    mutating func recordUnanswered(model: Int, origin: UInt64) {
        update(origin, ending: true) { $0.recordUnanswered(model: model) }
    }

    /// Hands over every slot's counts and the pending requests per slot; the pending counts stay.
    mutating func take() -> PhaseHarvest {
        let taken = slots
        slots = [:]
        return PhaseHarvest(slots: taken, pending: pending, lastOrigin: lastOrigin)
    }

    private mutating func update(_ origin: UInt64, ending: Bool, _ change: (inout LoopStats) -> Void) {
        let slot = grid.slot(of: origin)
        if ending, let count = pending[slot] {
            pending[slot] = count > 1 ? count - 1 : nil
        }
        // Taken out and put back, so the histograms are never copied.
        var stats = slots.removeValue(forKey: slot) ?? LoopStats(modelCount: modelCount)
        change(&stats)
        slots[slot] = stats
    }
}

/// One loop's counts since its last harvest, by slot, and what is still pending there.
struct PhaseHarvest {
    var slots: [Int: LoopStats]
    var pending: [Int: Int]
    var lastOrigin: UInt64
}
