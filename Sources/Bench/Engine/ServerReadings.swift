/// The server's statistics counters read at each window boundary of a level and once at its end, and the
/// queue/compute split they give per window and for the level.
///
/// The counters are the server's (counted when it finishes a request) and the boundaries the client's grid, so a
/// request answered across a boundary counts in the server's later window: the split follows the windows closely,
/// not exactly. The last window's split runs to the reading taken after the level's answers were waited for.
struct ServerReadings {
    private let source: (any ServerStatisticsSource)?
    private var atBoundary: [Int: ServerCounters] = [:]
    private var final: ServerCounters?
    /// The next boundary to read (boundary k starts window k).
    private(set) var nextBoundary = 0

    init(source: (any ServerStatisticsSource)?) {
        self.source = source
    }

    /// Reads the counters at boundary `index` (when the server offers them); the next boundary is `index + 1`.
    mutating func take(boundary index: Int) async {
        if let source, let counters = await source.read() { atBoundary[index] = counters }
        nextBoundary = index + 1
    }

    /// Reads the counters after the level's end.
    mutating func takeFinal() async {
        final = await source?.read()
    }

    /// Per-request queue and compute time (µs) in window `index` of `count`; nil without both readings.
    func split(window index: Int, of count: Int) -> (queue: Double, compute: Double)? {
        guard let start = atBoundary[index], let end = index + 1 >= count ? final : atBoundary[index + 1] else {
            return nil
        }
        return ServerCounters.split(from: start, to: end)
    }

    /// The same over the whole level.
    func levelSplit(windows: Int) -> (queue: Double, compute: Double)? {
        guard windows > 0, let start = atBoundary[0], let final else { return nil }
        return ServerCounters.split(from: start, to: final)
    }
}
