/// What one event loop saw since the last harvest, per model. Confined to its loop; a model's sample (with its
/// 220 KB histogram) is created on its first event, so a run over many rarely chosen models stays small.
struct LoopStats {
    private(set) var samples: [WindowSample?]
    /// The first failure's description, for a warm-up in which everything fails.
    private(set) var firstError: String?

    init(modelCount: Int) {
        samples = Array(repeating: nil, count: modelCount)
    }

    mutating func recordSuccess(model: Int, latencyNanoseconds: UInt64, bytesReceived: Int) {
        update(model) { sample in
            sample.requests += 1
            sample.latency.record(nanoseconds: latencyNanoseconds)
            sample.bytesReceived += bytesReceived
        }
    }

    mutating func recordFailure(
        model: Int,
        kind: ErrorTally.Kind,
        status: Int? = nil,
        bytesReceived: Int = 0,
        description: @autoclosure () -> String
    ) {
        if firstError == nil { firstError = description() }
        update(model) { sample in
            sample.requests += 1
            sample.errors.record(kind, status: status)
            sample.bytesReceived += bytesReceived
        }
    }

    mutating func recordSent(model: Int, bytes: Int, late: Bool) {
        update(model) { sample in
            sample.bytesSent += bytes
            if late { sample.lateSends += 1 }
        }
    }

    mutating func recordDropped(model: Int, count: Int = 1) {
        update(model) { $0.droppedSends += count }
    }

    /// A request still in flight when its level ended: counted as a timeout, and as unanswered.
    mutating func recordUnanswered(model: Int) {
        update(model) { sample in
            sample.requests += 1
            sample.errors.record(.timeout)
            sample.unanswered += 1
        }
    }

    private mutating func update(_ model: Int, _ change: (inout WindowSample) -> Void) {
        // Taken out and put back, so the histogram is never copied.
        var sample = samples[model] ?? WindowSample()
        samples[model] = nil
        change(&sample)
        samples[model] = sample
    }
}
