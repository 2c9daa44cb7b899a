/// One measurement window of a level, every model together, as the JSON report lists them (`perWindow`): what the
/// stability rule compared, and the server-side split over that window.
package struct WindowSummary: Sendable, Equatable {
    package var seconds: Double
    /// Requests whose origin (intended send time in open loop, send time in closed loop) fell in the window.
    package var requests: Int
    package var errors: ErrorTally
    package var throughput: Double
    package var latency: LatencySummary
    package var lateSends: Int
    package var droppedSends: Int
    package var unanswered: Int
    package var serverQueueMicros: Double?
    package var serverComputeMicros: Double?

    package init(
        seconds: Double,
        requests: Int,
        errors: ErrorTally = ErrorTally(),
        throughput: Double,
        latency: LatencySummary,
        lateSends: Int = 0,
        droppedSends: Int = 0,
        unanswered: Int = 0,
        serverQueueMicros: Double? = nil,
        serverComputeMicros: Double? = nil
    ) {
        self.seconds = seconds
        self.requests = requests
        self.errors = errors
        self.throughput = throughput
        self.latency = latency
        self.lateSends = lateSends
        self.droppedSends = droppedSends
        self.unanswered = unanswered
        self.serverQueueMicros = serverQueueMicros
        self.serverComputeMicros = serverComputeMicros
    }

    /// The summary of a window's total sample.
    package init(_ sample: WindowSample) {
        self.init(
            seconds: sample.seconds,
            requests: sample.requests,
            errors: sample.errors,
            throughput: sample.throughput,
            latency: sample.latency.summary(),
            lateSends: sample.lateSends,
            droppedSends: sample.droppedSends,
            unanswered: sample.unanswered,
            serverQueueMicros: sample.serverQueueMicros,
            serverComputeMicros: sample.serverComputeMicros
        )
    }
}
