import Core

/// What requests do: hold a model (``acquire(_:)``), or hold it and one of its inference slots within the model's
/// concurrency limit (``acquireInference(_:)``), and give it back.
///
/// Per-model concurrency limits: at most `limit` inferences of a model run at once, whichever thread runs them (the
/// request's own task or an inference worker); further requests wait in arrival order, suspended (no thread
/// blocked), and start as slots free. This is how an InferenceService's replicas become workers in one process.
/// Waiting requests are not holds: they keep the model from nothing, and a wait exists only while the limit is
/// reached, that is while at least one request holds the model (so it cannot be evicted under them).
extension ModelRepository {
    // MARK: - Holds

    /// The ready model for a request, with a hold on it that ``release(_:)`` gives back. The hold takes no
    /// inference slot: inference goes through ``acquireInference(_:)``, which keeps the model's concurrency limit.
    ///
    /// Loads the model on first use (or after an eviction) and waits for a load in progress up to
    /// `configuration.loadTimeout`. Unknown names are `.notFound`; a model that failed to load, was unloaded on
    /// request, is unloading, or did not load in time is `.unavailable` with the reason.
    package func acquire(_ name: String) async throws(KServeError) -> LoadedModel {
        guard let entry = entries[name] else { throw Self.unknown(name) }
        switch entry.lifecycle {
        case .ready(let model):
            let use = nextUse()
            entries[name]?.hold(sequence: use.sequence, nowMillis: use.millis)
            return model
        case .loading, .awaitingRoom:
            break
        case .failed(let reason):
            throw KServeError(.unavailable, "model \(name) failed to load: \(reason)")
        case .unloading:
            throw KServeError(.unavailable, "model \(name) is unloading")
        case .unavailable(_, parked: true):
            throw KServeError(.unavailable, "model \(name) is unloaded; load it through the repository API")
        case .unavailable(_, parked: false):
            startLoad(name)
        }
        return try await waitForLoad(name, acquires: true, timeout: configuration.loadTimeout).get()
    }

    /// Gives back the hold ``acquire(_:)`` took.
    package func release(_ model: LoadedModel) {
        endHold(model, slot: false, outcome: nil)
    }

    /// Runs `body` with the model held, releasing it afterwards whatever happens.
    package nonisolated func withModel<T: Sendable>(
        _ name: String,
        _ body: @Sendable (LoadedModel) async throws(KServeError) -> T
    ) async throws(KServeError) -> T {
        let model = try await acquire(name)
        do throws(KServeError) {
            let result = try await body(model)
            await release(model)
            return result
        } catch {
            await release(model)
            throw error
        }
    }

    // MARK: - Inference

    /// Sets how many inferences of `name` may run at once; nil removes the limit. Requests waiting for a slot are
    /// admitted at once if the new limit allows; lowering the limit lets running inferences finish (new ones wait
    /// until fewer than `limit` run). A limit below 1 is `.invalidInput` (a model that takes requests must be able
    /// to answer them); an unknown name is `.notFound`.
    package func setConcurrencyLimit(_ name: String, _ limit: Int?) throws(KServeError) {
        guard entries[name] != nil else { throw Self.unknown(name) }
        if let limit, limit < 1 {
            throw KServeError(.invalidInput, "model \(name): concurrency limit \(limit) must be at least 1")
        }
        entries[name]?.concurrencyLimit = limit
        admitSlots(name)
    }

    /// The ready model for one inference, holding the model (as ``acquire(_:)`` does) and one of its inference
    /// slots; give both back with ``releaseInference(_:recording:)``. The fast path is one dictionary access.
    ///
    /// When the model's limit is reached the request waits for a slot, in arrival order, without a deadline (the
    /// client's own timeout applies). An unload or unregister ends the wait with `.unavailable`; cancelling the
    /// waiting task ends it with `.interrupted`. Errors of ``acquire(_:)`` apply as well.
    package func acquireInference(_ name: String) async throws(KServeError) -> LoadedModel {
        let use = nextUse()
        if let model = entries[name]?.startInference(sequence: use.sequence, nowMillis: use.millis) {
            return model
        }
        if entries[name]?.readyModel != nil {
            return try await waitForSlot(name).get()
        }
        // Not loaded: load (or wait for the load) first, then queue for a slot like everyone else.
        let model = try await acquire(name)
        if let entry = entries[name], entry.readyModel === model, entry.hasFreeSlot, entry.slotWaiters.isEmpty {
            entries[name]?.running += 1
            return model
        }
        release(model)
        return try await waitForSlot(name).get()
    }

    /// Gives back the hold and the slot ``acquireInference(_:)`` took, adding the request's timings when there are
    /// some, and admits the next waiting request.
    package func releaseInference(_ model: LoadedModel, recording outcome: InferenceOutcome?) {
        endHold(model, slot: true, outcome: outcome)
    }

    /// Runs `body` with the model held for one inference (within its concurrency limit), giving hold and slot
    /// back afterwards whatever happens.
    package nonisolated func withInference<T: Sendable>(
        _ name: String,
        _ body: @Sendable (LoadedModel) async throws(KServeError) -> T
    ) async throws(KServeError) -> T {
        let model = try await acquireInference(name)
        do throws(KServeError) {
            let result = try await body(model)
            await releaseInference(model, recording: nil)
            return result
        } catch {
            await releaseInference(model, recording: nil)
            throw error
        }
    }

    /// Ends one hold (and its slot), records the outcome, and follows up: a drained unload completes, models
    /// waiting for memory may find room, the next request waiting for a slot starts.
    private func endHold(_ model: LoadedModel, slot: Bool, outcome: InferenceOutcome?) {
        let name = model.name
        let now = outcome == nil ? 0 : UInt64(max(0, Clock.epochMillis()))
        guard let release = entries[name]?.release(model, slot: slot, outcome: outcome, timestampMillis: now) else {
            return
        }
        if release.drained { completeDrain(name) }
        if release.idle { admitAwaitingRoom() }
        if slot, release.slotWaiters { admitSlots(name) }
    }

    /// Starts waiting requests, oldest first, while the model is ready and has free slots.
    func admitSlots(_ name: String) {
        guard let model = entries[name]?.readyModel else { return }
        while entries[name]?.hasFreeSlot == true, let waiter = entries[name]?.slotWaiters.popFirst() {
            let use = nextUse()
            entries[name]?.running += 1
            entries[name]?.hold(sequence: use.sequence, nowMillis: use.millis)
            waiter.continuation.resume(returning: .success(model))
        }
    }

    /// Ends every wait for a slot of `name` with `error`.
    func failSlotWaiters(_ name: String, _ error: KServeError) {
        guard let waiters = entries[name]?.slotWaiters.removeAll() else { return }
        for waiter in waiters { waiter.continuation.resume(returning: .failure(error)) }
    }

    private func waitForSlot(_ name: String) async -> Result<LoadedModel, KServeError> {
        nextWaiterID &+= 1
        let id = nextWaiterID
        return await withTaskCancellationHandler {
            await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<LoadedModel, KServeError>, Never>) in
                guard let entry = entries[name] else {
                    continuation.resume(returning: .failure(Self.unknown(name)))
                    return
                }
                // Between a load and this wait an unload may have started (it fails only the waits it finds).
                guard entry.readyModel != nil else {
                    let state = entry.lifecycle.state.rawValue.lowercased()
                    continuation.resume(returning: .failure(KServeError(.unavailable, "model \(name) is \(state)")))
                    return
                }
                guard !Task.isCancelled else {
                    continuation.resume(returning: .failure(Self.slotWaitCancelled(name)))
                    return
                }
                entries[name]?.slotWaiters.append(SlotWaiters.Waiter(id: id, continuation: continuation))
                // The limit may have been raised or the slot freed while this request was between two steps.
                admitSlots(name)
            }
        } onCancel: {
            Task { await self.endSlotWait(name, id: id) }
        }
    }

    /// Ends one cancelled wait if it is still waiting.
    private func endSlotWait(_ name: String, id: UInt64) {
        guard let waiter = entries[name]?.slotWaiters.remove(id: id) else { return }
        waiter.continuation.resume(returning: .failure(Self.slotWaitCancelled(name)))
    }

    private static func slotWaitCancelled(_ name: String) -> KServeError {
        KServeError(.interrupted, "waiting for a worker for model \(name) was cancelled")
    }
}
