/// What one measurement window saw for one model (or for all models together).
///
/// `requests` counts every request that ended in the window, answered or failed; `errors` counts the failures among
/// them, so successes are `requests - errors.total`. `latency` holds what the load engine recorded (in open loop
/// measured from each request's intended send time).
package struct WindowSample: Sendable {
    package var seconds: Double
    package var requests: Int
    package var errors: ErrorTally
    package var latency: LatencyRecorder
    package var bytesSent: Int
    package var bytesReceived: Int
    /// Open loop only: sends that left more than 1 ms after their intended time.
    package var lateSends: Int
    /// Open loop only: intended sends that never left (no free connection, or the run ended first).
    package var droppedSends: Int
    /// Requests still unanswered when the level ended (after the wait for answers), counted as `timeout` errors.
    package var unanswered: Int
    /// Average server-side queue time per request in this window (statistics extension), when available. It
    /// describes every model of the run together, so only a window's total carries it.
    package var serverQueueMicros: Double?
    /// Average server-side compute time (input + infer + output) per request in this window, when available.
    package var serverComputeMicros: Double?

    package init(
        seconds: Double = 0,
        requests: Int = 0,
        errors: ErrorTally = ErrorTally(),
        latency: LatencyRecorder = LatencyRecorder(),
        bytesSent: Int = 0,
        bytesReceived: Int = 0,
        lateSends: Int = 0,
        droppedSends: Int = 0,
        unanswered: Int = 0,
        serverQueueMicros: Double? = nil,
        serverComputeMicros: Double? = nil
    ) {
        self.seconds = seconds
        self.requests = requests
        self.errors = errors
        self.latency = latency
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
        self.lateSends = lateSends
        self.droppedSends = droppedSends
        self.unanswered = unanswered
        self.serverQueueMicros = serverQueueMicros
        self.serverComputeMicros = serverComputeMicros
    }

    /// Requests that ended without an error.
    package var successes: Int { Swift.max(0, requests - errors.total) }

    /// Successful requests per second; 0 for an empty window.
    package var throughput: Double { seconds > 0 ? Double(successes) / seconds : 0 }

    /// Adds another sample of the same window (another model or connection): counts add, the length is the longer.
    package mutating func combine(sameWindow other: WindowSample) {
        seconds = Swift.max(seconds, other.seconds)
        add(other)
    }

    /// Adds a sample of a following window: counts and lengths add.
    package mutating func append(nextWindow other: WindowSample) {
        seconds += other.seconds
        add(other)
    }

    private mutating func add(_ other: WindowSample) {
        requests += other.requests
        errors.merge(other.errors)
        latency.merge(other.latency)
        bytesSent += other.bytesSent
        bytesReceived += other.bytesReceived
        lateSends += other.lateSends
        droppedSends += other.droppedSends
        unanswered += other.unanswered
    }

    /// The samples of several models over the same window as one sample (the TOTAL row's window).
    package static func combining(sameWindow samples: [WindowSample]) -> WindowSample {
        var total = WindowSample()
        for sample in samples { total.combine(sameWindow: sample) }
        return total
    }
}
