/// One row of a level's table: one model, or the TOTAL over all models.
public struct ModelRow: Sendable, Equatable {
    /// The name used for the row that sums every model.
    public static let totalName = "TOTAL"

    public var model: String
    /// Requests that ended, answered or failed.
    public var requests: Int
    public var errors: ErrorTally
    /// Successful requests per second over the measured time.
    public var throughput: Double
    public var latency: LatencySummary
    public var bytesSent: Int
    public var bytesReceived: Int

    public init(
        model: String,
        requests: Int,
        errors: ErrorTally,
        throughput: Double,
        latency: LatencySummary,
        bytesSent: Int,
        bytesReceived: Int
    ) {
        self.model = model
        self.requests = requests
        self.errors = errors
        self.throughput = throughput
        self.latency = latency
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
    }

    /// Aggregates consecutive windows of one model: counts and times add, latencies merge into one histogram.
    public init(model: String, samples: [WindowSample]) {
        var all = WindowSample()
        for sample in samples { all.append(nextWindow: sample) }
        self.init(
            model: model,
            requests: all.requests,
            errors: all.errors,
            throughput: all.throughput,
            latency: all.latency.summary(),
            bytesSent: all.bytesSent,
            bytesReceived: all.bytesReceived
        )
    }

    /// Requests that ended without an error.
    public var successes: Int { Swift.max(0, requests - errors.total) }
}
