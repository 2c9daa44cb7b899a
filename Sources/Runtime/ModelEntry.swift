import Inference
import Transport

/// The repository's record of one registered model.
struct ModelEntry {
    var source: ModelSource
    var state: ModelState = .unavailable
    var reason = ""
    var model: LoadedModel?
    /// Requests holding the model (between `acquire` and `release`).
    var inFlight = 0
    var lastUsedMillis: Int64?
    /// Orders models by last use for eviction (a counter, so that uses within one millisecond stay ordered).
    var useSequence: UInt64 = 0
    /// Changes whenever a load starts or is abandoned, so that a stale load's result is dropped.
    var generation: UInt64 = 0
    /// Unloaded on request: requests do not load it again until an explicit load.
    var parked = false
    /// Requests and explicit loads waiting for the current load.
    var waiters: [LoadWaiter] = []
    /// Explicit unloads waiting for in-flight requests to finish.
    var drainWaiters: [CheckedContinuation<Void, Never>] = []
    var statistics = ModelStatistics()
    /// Resident size of the last successful load: a reload makes room for it before it starts.
    var knownBytes: Int?

    init(source: ModelSource) { self.source = source }

    func status() -> ModelStatus {
        ModelStatus(
            name: source.name,
            state: state,
            reason: reason,
            residentBytes: model?.residentBytes ?? 0,
            lastUsed: lastUsedMillis,
            inFlight: inFlight,
            path: source.path
        )
    }
}

/// A caller waiting for a model to finish loading.
struct LoadWaiter {
    let id: UInt64
    /// A request (takes an in-flight hold on success) rather than an explicit load.
    let acquires: Bool
    let continuation: CheckedContinuation<Result<LoadedModel, KServeError>, Never>
    /// Ends the wait at the load deadline; cancelled when the wait ends otherwise.
    var deadline: Task<Void, Never>?
}
