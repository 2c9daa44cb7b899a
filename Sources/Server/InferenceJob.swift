import Core
import Runtime

/// What one inference job produced on a worker thread: the encoded answer or the error, and its timings.
struct InferenceJobResult: Sendable {
    var answer: Result<EncodedAnswer, KServeError>
    var outcome: InferenceOutcome
}

/// An answer body ready to send; `jsonHeaderLength` is set for a binary tensor data body.
struct EncodedAnswer: Sendable {
    var bytes: [UInt8]
    var jsonHeaderLength: Int?
}

/// Measures the stages of one job (decode, run, encode) into an ``InferenceOutcome``.
struct InferenceStopwatch {
    private(set) var outcome: InferenceOutcome
    private var mark: UInt64

    /// Starts on the worker; the time since `queuedAt` (waiting for the model and a worker) is the queue time.
    init(queuedAt: UInt64) {
        let now = Clock.monotonicNanos()
        mark = now
        outcome = InferenceOutcome(success: false, queueNanos: now >= queuedAt ? now - queuedAt : 0)
    }

    private mutating func lap() -> UInt64 {
        let now = Clock.monotonicNanos()
        defer { mark = now }
        return now >= mark ? now - mark : 0
    }

    mutating func decoded(batchSize: Int) {
        outcome.computeInputNanos = lap()
        outcome.batchSize = batchSize
    }

    mutating func inferred() { outcome.computeInferNanos = lap() }

    mutating func encoded() {
        outcome.computeOutputNanos = lap()
        outcome.success = true
    }

    /// Ends a failed job, counting the time of the stage that failed.
    func failed(_ error: KServeError) -> InferenceJobResult {
        var copy = self
        let spent = copy.lap()
        var outcome = copy.outcome
        outcome.success = false
        outcome.computeInferNanos &+= spent
        return InferenceJobResult(answer: .failure(error), outcome: outcome)
    }

    func finished(_ answer: EncodedAnswer) -> InferenceJobResult {
        InferenceJobResult(answer: .success(answer), outcome: outcome)
    }
}
