import Testing

@testable import Bench

/// The open loop's pacer driven with chosen times and a counting clock, no real waiting.
@Suite struct SendPacerTests {
    /// A clock that moves 1 µs each time it is read.
    final class SteppingClock {
        var now: UInt64
        var reads = 0
        init(_ start: UInt64) { now = start }
        func read() -> UInt64 {
            reads += 1
            now += 1_000
            return now
        }
    }

    @Test func asksForAWakeUpEarlyByTheMargin() {
        var pacer = SendPacer()
        let intended: UInt64 = 10_000_000
        let deadline = pacer.wakeDeadline(for: intended, now: 0)
        #expect(deadline == intended - pacer.margin)
        #expect(pacer.margin >= SendPacer.minMargin && pacer.margin <= SendPacer.maxMargin)
    }

    /// At a high rate (sends closer than a few margins) the timer is asked for the send itself: no early wake-up.
    @Test func closeSendsGetNoEarlyWakeUp() {
        var pacer = SendPacer()
        let now: UInt64 = 1_000_000_000
        let close = now + pacer.margin + SendPacer.minimumIdle - 1
        #expect(pacer.wakeDeadline(for: close, now: now) == close)
        #expect(pacer.wakeDeadline(for: now - 1, now: now) == now - 1)
        let far = now + pacer.margin + SendPacer.minimumIdle
        #expect(pacer.wakeDeadline(for: far, now: now) == far - pacer.margin)
    }

    @Test func waitsOnTheClockUntilTheIntendedTimeAndNoLonger() {
        var pacer = SendPacer()
        let clock = SteppingClock(1_000_000)
        let after = pacer.wait(until: 1_050_000, now: 1_000_000, clock: clock.read)
        #expect(after == 1_050_000)
        #expect(clock.reads == 50)
    }

    @Test func neverWaitsForASendFarOffOrAlreadyDue() {
        var pacer = SendPacer()
        let clock = SteppingClock(0)
        #expect(pacer.wait(until: 1_000_000 + SendPacer.maxMargin + 1, now: 1_000_000, clock: clock.read) == 1_000_000)
        #expect(pacer.wait(until: 900_000, now: 1_000_000, clock: clock.read) == 1_000_000)
        #expect(clock.reads == 0)
    }

    /// Waiting is paid from a budget: once spent, the timer is asked for the intended time itself and nothing is
    /// waited; time passing earns the budget back at `waitShare`.
    @Test func waitingStopsWhenTheBudgetIsSpentAndResumesAsItRefills() {
        var pacer = SendPacer()
        let start: UInt64 = 1_000_000_000
        _ = pacer.wakeDeadline(for: start, now: start)
        let clock = SteppingClock(start)
        let perWait = SendPacer.maxMargin
        let waits = Int(SendPacer.maxCredit / perWait)
        for _ in 0..<waits {
            clock.now = start
            #expect(pacer.wait(until: start + perWait, now: start, clock: clock.read) >= start + perWait)
        }
        clock.reads = 0
        #expect(pacer.wait(until: start + 1_000, now: start, clock: clock.read) == start)
        #expect(clock.reads == 0)
        #expect(pacer.wakeDeadline(for: start + 5_000_000, now: start) == start + 5_000_000)

        // 10 ms later a quarter of it (2.5 ms) has been earned back: early wake-ups again.
        let later = start + 10_000_000
        #expect(pacer.wakeDeadline(for: later + 5_000_000, now: later) == later + 5_000_000 - pacer.margin)
    }

    /// The margin follows the timer's lateness: it settles near the 99th percentile of what was observed (plus a
    /// little), and stays within its bounds for a very punctual or a very late timer.
    @Test func marginFollowsTheObservedLateness() {
        var pacer = SendPacer()
        // Lateness spread evenly over 0..<100 µs: the 99th percentile is 99 µs.
        for round in 0..<200 {
            for step in 0..<100 {
                let late = UInt64((step * 37 + round) % 100) * 1_000
                pacer.woke(at: 1_000_000 + late, askedFor: 1_000_000)
            }
        }
        #expect(pacer.lateness > 85_000 && pacer.lateness < 115_000, "estimate \(pacer.lateness)")

        var punctual = SendPacer()
        for _ in 0..<10_000 { punctual.woke(at: 5_000, askedFor: 5_000) }
        #expect(punctual.margin == SendPacer.minMargin)

        var late = SendPacer()
        for _ in 0..<10_000 { late.woke(at: 2_000_000, askedFor: 1_000_000) }
        #expect(late.margin == SendPacer.maxMargin)
    }
}
