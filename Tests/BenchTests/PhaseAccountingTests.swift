import Testing

@testable import Bench

/// Which phase (warm-up, window) a request counts in, decided from its origin where it is recorded, and the
/// coordinator's closing of windows: pure functions and plain values driven with chosen times, no clock.
@Suite struct PhaseAccountingTests {
    /// Warm-up until 1 000 ns, then windows of 500 ns.
    let grid = PhaseGrid(measureFrom: 1_000, windowNanoseconds: 500)

    @Test func slotFollowsTheOriginOnAFixedGrid() {
        #expect(grid.slot(of: 0) == PhaseGrid.warmup)
        #expect(grid.slot(of: 999) == PhaseGrid.warmup)
        #expect(grid.slot(of: 1_000) == 0)
        #expect(grid.slot(of: 1_499) == 0)
        #expect(grid.slot(of: 1_500) == 1)
        #expect(grid.slot(of: 3_999) == 5)
        #expect(grid.start(ofWindow: 0) == 1_000)
        #expect(grid.end(ofWindow: 0) == 1_500)
        #expect(grid.end(ofWindow: 5) == 4_000)
        // Far-off origins and indexes neither trap nor wrap.
        #expect(grid.slot(of: .max) == Int(clamping: (UInt64.max - 1_000) / 500))
        #expect(grid.start(ofWindow: Int.max) == .max)
    }

    /// The starvation case: a request intended just after the warm-up's end, recorded by a loop that has not heard
    /// from the coordinator yet, counts in the first window, and a late warm-up request stays in the warm-up.
    @Test func requestIntendedAfterTheWarmupCountsInTheFirstWindowWhateverTheLoopKnows() {
        var loop = PhasedStats(modelCount: 1, grid: grid)
        loop.claimed(origin: 990)
        loop.claimed(origin: 1_010)
        loop.recordSent(model: 0, origin: 990, bytes: 10, late: false)
        loop.recordSent(model: 0, origin: 1_010, bytes: 10, late: true)
        loop.recordSuccess(model: 0, origin: 1_010, latencyNanoseconds: 5_000, bytesReceived: 20)
        loop.recordSuccess(model: 0, origin: 990, latencyNanoseconds: 7_000, bytesReceived: 20)
        let harvest = loop.take()
        #expect(harvest.pending.isEmpty)
        let first = harvest.slots[0]?.samples[0]
        #expect(first?.requests == 1)
        #expect(first?.lateSends == 1)
        #expect(first?.latency.count == 1)
        #expect(harvest.slots[PhaseGrid.warmup]?.samples[0]?.requests == 1)

        var ledger = WindowLedger(grid: grid, modelCount: 1)
        ledger.add([harvest])
        ledger.closeAll(until: 1_500)
        #expect(ledger.totals.map(\.requests) == [1])
        #expect(WindowSample.combining(sameWindow: ledger.warmup).requests == 1)
    }

    /// A window does not close while a request intended in it is unanswered, even after its time is over; the
    /// answer, harvested later, counts in that window and not in the one running when it came.
    @Test func windowWaitsForItsRequestsAndCountsEachOnce() {
        var loopA = PhasedStats(modelCount: 2, grid: grid)
        var loopB = PhasedStats(modelCount: 2, grid: grid)
        loopA.claimed(origin: 1_100)
        loopB.claimed(origin: 1_200)
        loopB.recordSuccess(model: 1, origin: 1_200, latencyNanoseconds: 100, bytesReceived: 1)
        var ledger = WindowLedger(grid: grid, modelCount: 2)
        ledger.add([loopA.take(), loopB.take()])
        #expect(!ledger.canClose(now: 1_400))
        // Past the window's end, but loop A's request is still out.
        #expect(!ledger.canClose(now: 1_600))
        #expect(ledger.pending(before: 1_600) == 1)

        loopA.claimed(origin: 1_550)
        loopA.recordSuccess(model: 0, origin: 1_100, latencyNanoseconds: 900, bytesReceived: 1)
        ledger.add([loopA.take(), loopB.take()])
        #expect(ledger.canClose(now: 1_600))
        ledger.closeNext()
        #expect(ledger.closed.count == 1)
        #expect(ledger.closed[0].map(\.requests) == [1, 1])
        #expect(ledger.closed[0][0].seconds == 500e-9)
        // Window 1 has its own pending request and is not due yet.
        #expect(!ledger.canClose(now: 1_900))
        #expect(ledger.current(1).requests == 0)
        loopA.recordFailure(model: 0, origin: 1_550, kind: .http, status: 503, description: "HTTP 503")
        ledger.add([loopA.take(), loopB.take()])
        #expect(ledger.current(1).requests == 1)
        #expect(ledger.canClose(now: 2_000))
        #expect(ledger.totals.map(\.requests) == [2])
    }

    @Test func levelEndClosesAPartialWindowAndDropsLaterSlots() {
        var loop = PhasedStats(modelCount: 1, grid: grid)
        for origin: UInt64 in [1_000, 1_600, 1_700, 2_100] {
            loop.claimed(origin: origin)
            loop.recordSuccess(model: 0, origin: origin, latencyNanoseconds: 10, bytesReceived: 1)
        }
        var ledger = WindowLedger(grid: grid, modelCount: 1)
        ledger.add([loop.take()])
        // The level ends at 1 800: windows [1 000, 1 500) and [1 500, 1 800); the request at 2 100 is beyond it.
        ledger.closeAll(until: 1_800)
        #expect(ledger.totals.map(\.requests) == [1, 2])
        #expect(ledger.totals.map(\.seconds) == [500e-9, 300e-9])
    }

    @Test func unansweredAndDroppedRequestsEndTheirPendingOnce() {
        var loop = PhasedStats(modelCount: 1, grid: grid)
        loop.claimed(origin: 1_100)
        loop.claimed(origin: 1_200)
        loop.recordUnanswered(model: 0, origin: 1_100)
        loop.recordDropped(model: 0, origin: 1_200, claimed: true)
        // An intended send never claimed (its timer had not fired) is dropped without touching what is pending.
        loop.claimed(origin: 1_300)
        loop.recordDropped(model: 0, origin: 1_250, claimed: false)
        let harvest = loop.take()
        #expect(harvest.pending == [0: 1])
        #expect(harvest.lastOrigin == 1_300)
        let sample = harvest.slots[0]?.samples[0]
        #expect(sample?.requests == 1)
        #expect(sample?.unanswered == 1)
        #expect(sample?.errors.byKind == [.timeout: 1])
        #expect(sample?.droppedSends == 2)
    }

    @Test func budgetCountsOnlyMeasuredRequestsAndTheEndIsExclusive() {
        let control = RunControl(grid: grid, budget: 2, sendUntil: 2_000)
        // Warm-up requests are free.
        #expect(control.claim(at: 500))
        #expect(control.claim(at: 600))
        #expect(control.claim(at: 1_000))
        #expect(control.claim(at: 1_999))
        #expect(!control.claim(at: 1_999))
        control.finish(origin: 500)
        #expect(!control.budgetSpent)
        control.finish(origin: 1_000)
        control.finish(origin: 1_999)
        #expect(control.budgetSpent)
        let open = RunControl(grid: grid, budget: nil, sendUntil: 2_000)
        #expect(open.claim(at: 1_999))
        #expect(!open.claim(at: 2_000))
        open.stop()
        #expect(!open.claim(at: 1_500))
    }
}
