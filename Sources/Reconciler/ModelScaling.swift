import Core

/// The scaling fields of `spec.predictor` (what `kserve scale` patches) and what they mean in one process.
///
/// A replica of a KServe predictor is one more copy of the model serving requests in parallel; here that is one
/// more inference worker for the model, within the server's `--workers`.
package struct ModelScaling: Sendable, Equatable {
    /// `minReplicas` (KServe's default 1; 0 allows scale to zero).
    package var minReplicas: Int64
    package var maxReplicas: Int64?
    package var scaleTarget: Int64?
    /// `cpu`, `memory`, `concurrency` or `rps`.
    package var scaleMetric: String?
    package var canaryTrafficPercent: Int64?

    package init(
        minReplicas: Int64 = 1,
        maxReplicas: Int64? = nil,
        scaleTarget: Int64? = nil,
        scaleMetric: String? = nil,
        canaryTrafficPercent: Int64? = nil
    ) {
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.scaleTarget = scaleTarget
        self.scaleMetric = scaleMetric
        self.canaryTrafficPercent = canaryTrafficPercent
    }

    /// Reads the fields of a `spec.predictor` object; absent or malformed fields keep their defaults (the control
    /// plane rejects malformed ones before they are stored).
    init(predictor: Value) {
        self.init(
            minReplicas: max(0, predictor["minReplicas"]?.int64Value ?? 1),
            maxReplicas: predictor["maxReplicas"]?.int64Value,
            scaleTarget: predictor["scaleTarget"]?.int64Value,
            scaleMetric: predictor["scaleMetric"]?.stringValue,
            canaryTrafficPercent: predictor["canaryTrafficPercent"]?.int64Value
        )
    }

    /// Inference workers the model may use at once (its repository concurrency limit): `minReplicas`, at most
    /// `serverWorkers`. `minReplicas: 0` (scale to zero) keeps one worker: the model stays loaded and answers one
    /// request at a time, where KServe would start a replica on the first request.
    package func workers(serverWorkers: Int) -> Int {
        let wanted = Int(clamping: max(1, minReplicas))
        return max(1, min(wanted, serverWorkers))
    }
}
