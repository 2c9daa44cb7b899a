/// The measurement of one load level: one concurrency (closed loop) or one rate (open loop).
package struct LevelReport: Sendable, Equatable {
    /// The closed-loop concurrency, or nil in open loop.
    package var concurrency: Int?
    /// The open-loop rate in requests per second, or nil in closed loop.
    package var rate: Double?
    /// Measured time: the sum of the windows kept.
    package var seconds: Double
    package var windows: Int
    /// Whether the stability rule was met (false: the window limit or the run's end came first).
    package var stable: Bool
    package var models: [ModelRow]
    package var total: ModelRow
    /// The generator's CPU use over the level, in percent of the cores it drives (100 = all of them busy).
    package var clientCPUPercent: Double
    package var lateSends: Int
    package var droppedSends: Int
    /// Average server-side queue time per request, from the server's statistics extension, when available.
    package var serverQueueMicros: Double?
    /// Average server-side compute time per request (input + infer + output), when available.
    package var serverComputeMicros: Double?
    /// Requests still unanswered when the level ended (after waiting for them), counted as `timeout` errors.
    package var unanswered: Int
    /// The level's windows in order (empty in a report from a version that did not list them).
    package var windowDetails: [WindowSummary]

    package init(
        concurrency: Int? = nil,
        rate: Double? = nil,
        seconds: Double,
        windows: Int,
        stable: Bool,
        models: [ModelRow],
        total: ModelRow,
        clientCPUPercent: Double = 0,
        lateSends: Int = 0,
        droppedSends: Int = 0,
        serverQueueMicros: Double? = nil,
        serverComputeMicros: Double? = nil,
        unanswered: Int = 0,
        windowDetails: [WindowSummary] = []
    ) {
        self.concurrency = concurrency
        self.rate = rate
        self.seconds = seconds
        self.windows = windows
        self.stable = stable
        self.models = models
        self.total = total
        self.clientCPUPercent = clientCPUPercent
        self.lateSends = lateSends
        self.droppedSends = droppedSends
        self.serverQueueMicros = serverQueueMicros
        self.serverComputeMicros = serverComputeMicros
        self.unanswered = unanswered
        self.windowDetails = windowDetails
    }

    /// "c=8" or "r=500/s": how reports and comparisons name the level.
    package var label: String {
        if let concurrency { return "c=\(concurrency)" }
        if let rate { return "r=\(NumberText.compact(rate))/s" }
        return "level"
    }

    /// Sends that were late or dropped, as a share of intended sends (0...1); 0 in closed loop.
    package var lateShare: Double {
        let intended = total.requests + droppedSends
        guard intended > 0 else { return 0 }
        return Double(lateSends + droppedSends) / Double(intended)
    }
}
