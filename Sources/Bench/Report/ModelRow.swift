/// One row of a level's table: one model, or the TOTAL over all models.
package struct ModelRow: Sendable, Equatable {
    /// The name used for the row that sums every model.
    package static let totalName = "TOTAL"

    package var model: String
    /// Requests that ended, answered or failed.
    package var requests: Int
    package var errors: ErrorTally
    /// Successful requests per second over the measured time.
    package var throughput: Double
    package var latency: LatencySummary
    package var bytesSent: Int
    package var bytesReceived: Int

    package init(
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
    package init(model: String, samples: [WindowSample]) {
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
    package var successes: Int { Swift.max(0, requests - errors.total) }
}
