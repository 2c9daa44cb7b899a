/// What one inference request cost, as the server measured it; feeds ``ModelStatistics``.
package struct InferenceOutcome: Sendable, Equatable {
    package var success: Bool
    /// Waiting before the work started (for the model to load, for a worker thread).
    package var queueNanos: UInt64
    /// Decoding the request and preparing inputs.
    package var computeInputNanos: UInt64
    /// The model's prediction.
    package var computeInferNanos: UInt64
    /// Encoding the response.
    package var computeOutputNanos: UInt64
    /// Rows in the request.
    package var batchSize: Int

    package init(
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
    package var totalNanos: UInt64 {
        queueNanos &+ computeInputNanos &+ computeInferNanos &+ computeOutputNanos
    }
}
