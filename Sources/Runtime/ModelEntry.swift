import Core
import Inference

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
    /// At most this many inferences run at once; nil for no limit (see `ModelRepository.setConcurrencyLimit`).
    var concurrencyLimit: Int?
    /// Inferences holding a slot (between `acquireInference` and `releaseInference`), counted with or without a
    /// limit so that a limit set later starts from the true figure.
    var running = 0
    /// Inferences waiting for a slot, oldest first.
    var slotWaiters = SlotWaiters()

    /// Whether one more inference may start now (waiting requests go first: see `ModelRepository.admitSlots`).
    var hasFreeSlot: Bool { concurrencyLimit.map { running < $0 } ?? true }

    /// The fast path of one inference: when the model is ready, a slot is free and nobody waits, takes the slot
    /// and a hold (in place, one dictionary access) and returns the model; nil otherwise.
    mutating func startInference(sequence: UInt64, nowMillis: Int64) -> LoadedModel? {
        guard state == .ready, let model, hasFreeSlot, slotWaiters.isEmpty else { return nil }
        running += 1
        inFlight += 1
        useSequence = sequence
        lastUsedMillis = nowMillis
        return model
    }

    /// Ends one inference of `finished`: records its outcome (if any) and gives back its slot and hold. Returns
    /// nil when `finished` is not this entry's model (nothing held), else what the repository must follow up.
    mutating func finishInference(
        _ finished: LoadedModel,
        outcome: InferenceOutcome?,
        timestampMillis: UInt64
    ) -> (idle: Bool, unloading: Bool, waiters: Bool)? {
        if let outcome { statistics.record(outcome, timestampMillis: timestampMillis) }
        guard model === finished, inFlight > 0 else { return nil }
        if running > 0 { running -= 1 }
        inFlight -= 1
        return (inFlight == 0, inFlight == 0 && state == .unloading, !slotWaiters.isEmpty)
    }

    init(source: ModelSource) { self.source = source }

    func status() -> ModelStatus {
        ModelStatus(
            name: source.name,
            state: state,
            reason: reason,
            residentBytes: model?.residentBytes ?? 0,
            lastUsed: lastUsedMillis,
            inFlight: inFlight,
            path: source.path,
            concurrencyLimit: concurrencyLimit,
            waiting: slotWaiters.count
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
