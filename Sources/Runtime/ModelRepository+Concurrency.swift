import Core

/// Per-model concurrency limits: at most `limit` inferences of a model run at once, whichever thread runs them
/// (the request's own task or an inference worker); further requests wait in arrival order, suspended (no thread
/// blocked), and start as slots free. This is how an InferenceService's replicas become workers in one process.
///
/// The fast path costs what ``acquire(_:)`` costs plus a counter: the slot is taken in the same actor turn as the
/// hold. Waiting requests are not holds: they keep the model from nothing, and a wait exists only while the limit is
/// reached, that is while at least one request holds the model (so it cannot be evicted under them).
extension ModelRepository {
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
    /// slots; give both back with ``releaseInference(_:recording:)``.
    ///
    /// When the model's limit is reached the request waits for a slot, in arrival order, without a deadline (the
    /// client's own timeout applies). An unload or unregister ends the wait with `.unavailable`; cancelling the
    /// waiting task ends it with `.interrupted`. Errors of ``acquire(_:)`` apply as well.
    package func acquireInference(_ name: String) async throws(KServeError) -> LoadedModel {
        useCounter &+= 1
        let sequence = useCounter
        if let model = entries[name]?.startInference(sequence: sequence, nowMillis: Clock.epochMillis()) {
            return model
        }
        if let entry = entries[name], entry.state == .ready, entry.model != nil {
            return try await waitForSlot(name).get()
        }
        // Not loaded: load (or wait for the load) first, then queue for a slot like everyone else.
        let model = try await acquire(name)
        if let entry = entries[name], entry.model === model, entry.hasFreeSlot, entry.slotWaiters.isEmpty {
            entries[name]?.running += 1
            return model
        }
        release(model)
        return try await waitForSlot(name).get()
    }

    /// Gives back the hold and the slot ``acquireInference(_:)`` took, adding the request's timings when there are
    /// some, and admits the next waiting request.
    package func releaseInference(_ model: LoadedModel, recording outcome: InferenceOutcome?) {
        let name = model.name
        let now = outcome == nil ? 0 : UInt64(max(0, Clock.epochMillis()))
        guard let followUp = entries[name]?.finishInference(model, outcome: outcome, timestampMillis: now) else {
            return
        }
        if followUp.unloading { completeUnload(name) }
        if followUp.idle { admitAwaitingRoom() }
        if followUp.waiters { admitSlots(name) }
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

    /// Starts waiting requests, oldest first, while the model is ready and has free slots.
    func admitSlots(_ name: String) {
        guard let entry = entries[name], entry.state == .ready, let model = entry.model, !entry.slotWaiters.isEmpty
        else { return }
        while entries[name]?.hasFreeSlot == true, let waiter = entries[name]?.slotWaiters.popFirst() {
            entries[name]?.running += 1
            hold(name)
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
                guard entry.state == .ready, entry.model != nil else {
                    let error = KServeError(.unavailable, "model \(name) is \(entry.state.rawValue.lowercased())")
                    continuation.resume(returning: .failure(error))
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
