import Core

/// Per-model counts and cumulative times in the shape of Triton's statistics extension
/// (`GET /v2/models/NAME/stats`).
///
/// As Triton counts them: `success` and `fail` hold the whole request time; `queue` and the three `compute_*`
/// durations, `inference_count` (rows) and `execution_count` (model executions) count successful requests only.
package struct ModelStatistics: Sendable, Equatable {
    /// A count of events and their cumulative duration in nanoseconds.
    package struct Duration: Sendable, Equatable {
        package var count: UInt64 = 0
        package var ns: UInt64 = 0

        package init(count: UInt64 = 0, ns: UInt64 = 0) {
            self.count = count
            self.ns = ns
        }

        mutating func add(_ nanos: UInt64) {
            count &+= 1
            ns &+= nanos
        }

        func json() -> Value { ["count": .uint(count).normalized, "ns": .uint(ns).normalized] }
    }

    /// Compute durations of the successful requests of one batch size.
    package struct BatchStatistics: Sendable, Equatable {
        package var batchSize: Int
        package var computeInput = Duration()
        package var computeInfer = Duration()
        package var computeOutput = Duration()
    }

    /// Distinct batch sizes kept in `batchStatistics`; requests of further sizes count only in the totals.
    package static let maxBatchSizesTracked = 64

    package var inferenceCount: UInt64 = 0
    package var executionCount: UInt64 = 0
    package var success = Duration()
    package var fail = Duration()
    package var queue = Duration()
    package var computeInput = Duration()
    package var computeInfer = Duration()
    package var computeOutput = Duration()
    /// Milliseconds since the Unix epoch of the last request, 0 if none.
    package var lastInference: UInt64 = 0
    /// By ascending batch size.
    package private(set) var batchStatistics: [BatchStatistics] = []

    package init() {}

    /// Adds one request's outcome, finished at `timestampMillis`.
    package mutating func record(_ outcome: InferenceOutcome, timestampMillis: UInt64) {
        lastInference = timestampMillis
        guard outcome.success else {
            fail.add(outcome.totalNanos)
            return
        }
        success.add(outcome.totalNanos)
        inferenceCount &+= UInt64(max(0, outcome.batchSize))
        executionCount &+= 1
        queue.add(outcome.queueNanos)
        computeInput.add(outcome.computeInputNanos)
        computeInfer.add(outcome.computeInferNanos)
        computeOutput.add(outcome.computeOutputNanos)
        recordBatch(outcome)
    }

    private mutating func recordBatch(_ outcome: InferenceOutcome) {
        let size = outcome.batchSize
        let position = batchStatistics.firstIndex { $0.batchSize >= size } ?? batchStatistics.endIndex
        if position == batchStatistics.endIndex || batchStatistics[position].batchSize != size {
            guard batchStatistics.count < Self.maxBatchSizesTracked else { return }
            batchStatistics.insert(BatchStatistics(batchSize: size), at: position)
        }
        batchStatistics[position].computeInput.add(outcome.computeInputNanos)
        batchStatistics[position].computeInfer.add(outcome.computeInferNanos)
        batchStatistics[position].computeOutput.add(outcome.computeOutputNanos)
    }

    /// One entry of the extension's `model_stats` array.
    package func json(name: String, version: String) -> Value {
        let batches: [Value] = batchStatistics.map { batch in
            [
                "batch_size": .int(Int64(batch.batchSize)),
                "compute_input": batch.computeInput.json(),
                "compute_infer": batch.computeInfer.json(),
                "compute_output": batch.computeOutput.json(),
            ]
        }
        return [
            "name": .string(name),
            "version": .string(version),
            "last_inference": Value.uint(lastInference).normalized,
            "inference_count": Value.uint(inferenceCount).normalized,
            "execution_count": Value.uint(executionCount).normalized,
            "inference_stats": [
                "success": success.json(),
                "fail": fail.json(),
                "queue": queue.json(),
                "compute_input": computeInput.json(),
                "compute_infer": computeInfer.json(),
                "compute_output": computeOutput.json(),
                "cache_hit": Duration().json(),
                "cache_miss": Duration().json(),
            ],
            "batch_stats": .array(batches),
            "memory_usage": .array([]),
        ]
    }
}

extension Value {
    /// `.uint` values that fit `Int64` as `.int`, the form the JSON parser produces.
    fileprivate var normalized: Value {
        if case .uint(let value) = self, let small = Int64(exactly: value) { return .int(small) }
        return self
    }
}
