import Inference

/// The repository's record of one registered model: its lifecycle (``ModelLifecycle``) and how requests use it.
struct ModelEntry {
    let source: ModelSource
    var lifecycle = ModelLifecycle.unavailable(reason: "", parked: false)
    /// Requests holding the model (between `acquire` and `release`).
    var inFlight = 0
    var lastUsedMillis: Int64?
    /// Orders models by last use for eviction (a counter, so that uses within one millisecond stay ordered).
    var useSequence: UInt64 = 0
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

    init(source: ModelSource) { self.source = source }

    /// The model to serve, when it is ready.
    var readyModel: LoadedModel? {
        if case .ready(let model) = lifecycle { return model }
        return nil
    }

    /// Whether one more inference may start now (waiting requests go first: see `ModelRepository.admitSlots`).
    var hasFreeSlot: Bool { concurrencyLimit.map { running < $0 } ?? true }

    /// Whether nothing holds the loaded model, so that it may be evicted.
    var isIdle: Bool { inFlight == 0 }

    /// Takes a hold on the model for one request and marks it used.
    mutating func hold(sequence: UInt64, nowMillis: Int64) {
        inFlight += 1
        useSequence = sequence
        lastUsedMillis = nowMillis
    }

    /// The fast path of one inference: when the model is ready, a slot is free and nobody waits, takes the slot
    /// and a hold (in place, one dictionary access) and returns the model; nil otherwise.
    mutating func startInference(sequence: UInt64, nowMillis: Int64) -> LoadedModel? {
        guard let model = readyModel, hasFreeSlot, slotWaiters.isEmpty else { return nil }
        running += 1
        hold(sequence: sequence, nowMillis: nowMillis)
        return model
    }

    /// What the repository must follow up after a hold ends.
    struct Release {
        /// Nothing holds the model any more (models waiting for memory may find room now).
        var idle: Bool
        /// The hold was the last one on a model that is being unloaded.
        var drained: Bool
        /// Requests wait for a slot.
        var slotWaiters: Bool
    }

    /// Ends one hold on `finished` (and its inference slot when `slot`), recording the outcome when there is one.
    /// nil when `finished` is not this entry's model, or nothing holds it: then nothing was held.
    mutating func release(
        _ finished: LoadedModel,
        slot: Bool,
        outcome: InferenceOutcome?,
        timestampMillis: UInt64
    ) -> Release? {
        if let outcome { statistics.record(outcome, timestampMillis: timestampMillis) }
        guard lifecycle.residentModel === finished, inFlight > 0 else { return nil }
        if slot, running > 0 { running -= 1 }
        inFlight -= 1
        let drained = inFlight == 0 && lifecycle.state == .unloading
        return Release(idle: inFlight == 0, drained: drained, slotWaiters: !slotWaiters.isEmpty)
    }

    func status() -> ModelStatus {
        ModelStatus(
            name: source.name,
            state: lifecycle.state,
            reason: lifecycle.reason,
            residentBytes: lifecycle.residentModel?.residentBytes ?? 0,
            lastUsed: lastUsedMillis,
            inFlight: inFlight,
            path: source.path,
            concurrencyLimit: concurrencyLimit,
            waiting: slotWaiters.count
        )
    }
}
