import NIOCore

/// Everything the load engine needs for a run: where, what, how hard and for how long.
package struct LoadPlan: Sendable {
    package enum Mode: Sendable, Equatable {
        /// Keep this many requests outstanding, one level after the other.
        case closedLoop(levels: [Int])
        /// Send at `rate` requests per second on the arrival schedule, whatever the answers do.
        case openLoop(rate: Double, arrival: ArrivalProcess)
    }

    /// The resolved address of the target (resolved once, before the run, off the event loops).
    package var address: SocketAddress
    /// One pre-rendered request per model, in the order of the report's rows.
    package var templates: [RequestTemplate]
    package var distribution: ModelDistribution
    package var mode: Mode
    /// Connections; nil: the concurrency (closed loop) or `defaultOpenConnections(rate:)` (open loop).
    package var connections: Int?
    /// Measured time per level; nil: until the stability rule is met (or its window limit).
    package var duration: Double?
    /// Requests per level; nil: no limit.
    package var requests: Int?
    /// Seconds of load before the first level's measurement, thrown away.
    package var warmup: Double
    /// Per-request limit in seconds.
    package var timeout: Double
    package var stability: StabilityRule
    package var seed: UInt64
    /// Event loops (threads) driving the connections.
    package var threads: Int
    /// How long a level's end waits for answers still in flight.
    package var drainSeconds: Double

    package init(
        address: SocketAddress,
        templates: [RequestTemplate],
        distribution: ModelDistribution = .uniform,
        mode: Mode,
        connections: Int? = nil,
        duration: Double? = nil,
        requests: Int? = nil,
        warmup: Double = 0,
        timeout: Double = 30,
        stability: StabilityRule = StabilityRule(),
        seed: UInt64 = 1,
        threads: Int = CPUUsage.coreCount(),
        drainSeconds: Double = 2
    ) {
        self.address = address
        self.templates = templates
        self.distribution = distribution
        self.mode = mode
        self.connections = connections
        self.duration = duration
        self.requests = requests
        self.warmup = warmup
        self.timeout = timeout
        self.stability = stability
        self.seed = seed
        self.threads = threads
        self.drainSeconds = drainSeconds
    }

    /// Enough connections for 250 ms of answers at `rate` (Little's law), at least 64 and at most 4096. They open
    /// only when every open one is busy, so the cap costs nothing at a low rate.
    package static func defaultOpenConnections(rate: Double) -> Int {
        guard rate.isFinite, rate > 0 else { return 64 }
        return Int(min(4096, max(64, (rate * 0.25).rounded(.up))))
    }
}

/// What the engine measured, for the command to wrap into a `BenchReport`.
package struct LoadOutcome: Sendable {
    package var levels: [LevelReport]
    package var warnings: [String]
    package var interrupted: Bool

    package init(levels: [LevelReport], warnings: [String], interrupted: Bool) {
        self.levels = levels
        self.warnings = warnings
        self.interrupted = interrupted
    }
}
