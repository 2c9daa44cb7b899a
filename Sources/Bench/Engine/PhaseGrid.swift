/// Which phase of a level a request counts in, decided from its origin alone: the intended send time in open loop,
/// the actual send time in closed loop.
///
/// Before `measureFrom` is the warm-up; from there on, windows of `windowNanoseconds` follow one another on a fixed
/// grid. Because the phase is a function of a time the request carries, the event loops assign it where the request
/// is recorded, and no race with the coordinator (a loop starved past a boundary, a phase switch that runs late)
/// can move a request into another phase or lose it.
struct PhaseGrid: Sendable, Equatable {
    /// The slot of the warm-up.
    static let warmup = -1

    /// The first moment measured (monotonic nanoseconds): the warm-up's end.
    let measureFrom: UInt64
    let windowNanoseconds: UInt64

    init(measureFrom: UInt64, windowNanoseconds: UInt64) {
        self.measureFrom = measureFrom
        self.windowNanoseconds = max(1, windowNanoseconds)
    }

    /// `warmup` (-1) before `measureFrom`, else the index of the window holding `origin`.
    func slot(of origin: UInt64) -> Int {
        guard origin >= measureFrom else { return Self.warmup }
        return Int(clamping: (origin - measureFrom) / windowNanoseconds)
    }

    /// Where window `index` starts.
    func start(ofWindow index: Int) -> UInt64 {
        let (offset, overflow) = UInt64(max(0, index)).multipliedReportingOverflow(by: windowNanoseconds)
        let (moment, overflowAgain) = measureFrom.addingReportingOverflow(offset)
        return overflow || overflowAgain ? .max : moment
    }

    /// Where window `index` ends (the next one's start).
    func end(ofWindow index: Int) -> UInt64 { start(ofWindow: index + 1) }
}
