/// What one inference request cost, as the server measured it; feeds ``ModelStatistics``.
public struct InferenceOutcome: Sendable, Equatable {
    public var success: Bool
    /// Waiting before the work started (for the model to load, for a worker thread).
    public var queueNanos: UInt64
    /// Decoding the request and preparing inputs.
    public var computeInputNanos: UInt64
    /// The model's prediction.
    public var computeInferNanos: UInt64
    /// Encoding the response.
    public var computeOutputNanos: UInt64
    /// Rows in the request.
    public var batchSize: Int

    public init(
        success: Bool,
        queueNanos: UInt64 = 0,
        computeInputNanos: UInt64 = 0,
        computeInferNanos: UInt64 = 0,
        computeOutputNanos: UInt64 = 0,
        batchSize: Int = 1
    ) {
        self.success = success
        self.queueNanos = queueNanos
        self.computeInputNanos = computeInputNanos
        self.computeInferNanos = computeInferNanos
        self.computeOutputNanos = computeOutputNanos
        self.batchSize = batchSize
    }

    /// The whole request's time.
    public var totalNanos: UInt64 {
        queueNanos &+ computeInputNanos &+ computeInferNanos &+ computeOutputNanos
    }
}
