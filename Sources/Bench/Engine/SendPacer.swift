/// Makes open-loop sends leave at their intended time. An event-loop timer fires some tens of microseconds late (the
/// thread has to be woken and scheduled), and in open loop that lateness is part of every measured latency, which
/// matters against a server that answers in 100 µs. So the pacer asks for a wake-up a margin early and waits the rest
/// on the clock, as wrk2-style generators wake on a coarse timer and then sleep precisely.
///
/// The margin follows the timer's observed lateness (a streaming estimate of its 99th percentile plus a little), and
/// waiting is paid from a budget that refills at `waitShare` of the loop's time: at a high rate the sends are close
/// together anyway, and the generator never turns into a busy loop that takes a core from the server it measures.
/// While the pacer waits, its loop reads nothing, so the margin stays small (at most `maxMargin`).
struct SendPacer {
    static let minMargin: UInt64 = 20_000
    static let maxMargin: UInt64 = 200_000
    /// The share of a loop's time that precise waiting may take.
    static let waitShare = 0.25
    /// At most this much waiting is saved up for later.
    static let maxCredit: UInt64 = 20_000_000
    /// The quantile of the timer's lateness that the margin covers.
    static let quantile = 0.99
    /// A send is waited for only when the loop would otherwise sleep at least this long before the early wake-up.
    static let minimumIdle: UInt64 = 250_000
    /// How far one observation moves the lateness estimate.
    static let estimateStep = 5_000.0

    /// The `quantile` of the timer's lateness, estimated as it goes.
    private(set) var lateness: Double = 40_000
    private var credit: UInt64 = maxCredit
    private var refilledAt: UInt64?

    /// How early the timer is asked to fire.
    var margin: UInt64 {
        min(Self.maxMargin, max(Self.minMargin, UInt64(lateness) + 10_000))
    }

    /// The deadline for the loop's timer when the next send is intended at `intended`: early by the margin while
    /// the budget lasts and the loop has `minimumIdle` to sleep before that, else the intended time itself. Sends
    /// closer together than that come from a loop that is busy anyway, where waiting would only hold up the answers
    /// it has to read (and take a core from the server).
    mutating func wakeDeadline(for intended: UInt64, now: UInt64) -> UInt64 {
        refill(now: now)
        let early = margin
        guard credit >= early, intended > now, intended - now >= early + Self.minimumIdle else { return intended }
        return intended - early
    }

    /// The timer asked for `deadline` fired at `now`.
    mutating func woke(at now: UInt64, askedFor deadline: UInt64) {
        let late = now > deadline ? Double(now - deadline) : 0
        // Stochastic quantile estimate: it settles where a share `quantile` of the observations lies below it.
        if late >= lateness {
            lateness += Self.quantile * Self.estimateStep
        } else {
            lateness = max(0, lateness - (1 - Self.quantile) * Self.estimateStep)
        }
    }

    /// Waits on the clock until `intended` when it is at most `maxMargin` away and the budget allows; returns the
    /// time after waiting (or `now` when it did not wait).
    mutating func wait(until intended: UInt64, now: UInt64, clock: () -> UInt64) -> UInt64 {
        guard intended > now else { return now }
        refill(now: now)
        let gap = intended - now
        guard gap <= Self.maxMargin, gap <= credit else { return now }
        var current = now
        while current < intended { current = clock() }
        let spent = current - now
        credit = credit > spent ? credit - spent : 0
        return current
    }

    private mutating func refill(now: UInt64) {
        guard let last = refilledAt else {
            refilledAt = now
            return
        }
        guard now > last else { return }
        let earned = UInt64(Double(now - last) * Self.waitShare)
        credit = min(Self.maxCredit, credit + earned)
        refilledAt = now
    }
}
