import Core

/// Explicit loads and unloads, the load queue, and the memory budget.
extension ModelRepository {
    // MARK: - Explicit load and unload

    /// Loads a model now and waits until it is ready; a failure throws the load's error. Also clears a FAILED
    /// state or an earlier unload.
    package func load(_ name: String) async throws(KServeError) {
        guard let entry = entries[name] else { throw Self.unknown(name) }
        if entry.lifecycle.state == .unloading { await waitForDrain(name) }
        guard let current = entries[name] else { throw Self.unknown(name) }
        switch current.lifecycle {
        case .ready:
            return
        case .loading, .awaitingRoom:
            break
        case .unloading:
            // Another unload began while this load waited for the first one's drain.
            throw KServeError(.unavailable, "model \(name) is unloading")
        case .unavailable, .failed:
            startLoad(name)
        }
        _ = try await waitForLoad(name, acquires: false, timeout: nil).get()
    }

    /// Unloads a model and keeps it unloaded (requests get `.unavailable`) until an explicit ``load(_:)``.
    /// Waits for requests using it to finish; a load in progress is abandoned.
    package func unload(_ name: String) async throws(KServeError) {
        guard let entry = entries[name] else { throw Self.unknown(name) }
        failSlotWaiters(name, KServeError(.unavailable, "model \(name) was unloaded while waiting for a worker"))
        switch entries[name]?.lifecycle.unload(holds: entry.inFlight) {
        case .dropped:
            memory.dropped(name)
            totals.unloads += 1
        case .drain:
            await waitForDrain(name)
        case .abandoned(let waiters):
            resume(waiters, with: .failure(KServeError(.unavailable, "model \(name) was unloaded while loading")))
            admitAwaitingRoom()
        case .nothing, nil:
            break
        }
    }

    // MARK: - The load queue

    /// Starts a load of `name` (queued behind at most `loadConcurrency` running ones).
    func startLoad(_ name: String) {
        guard entries[name] != nil else { return }
        loadCounter &+= 1
        entries[name]?.lifecycle.startLoad(loadCounter)
        loadQueue.append(name, load: loadCounter)
        pumpLoads()
    }

    /// Starts queued loads while fewer than `loadConcurrency` run; skips loads abandoned while queued.
    func pumpLoads() {
        while activeLoads < max(1, configuration.loadConcurrency), let next = loadQueue.popFirst() {
            guard let entry = entries[next.name], entry.lifecycle.pendingLoad == next.load else { continue }
            activeLoads += 1
            let reserved = reserve(entry.knownBytes)
            let (source, pool, loader, limit) = (entry.source, loadPool, loader, configuration.maxModelFileBytes)
            let started = Clock.monotonicNanos()
            Task {
                let result = await ModelFileLoader.load(source, loader: loader, pool: pool, maxBytes: limit)
                let seconds = Double(Clock.nanos(since: started)) / 1e9
                self.finishLoad(next.name, load: next.load, reserved: reserved, seconds: seconds, result: result)
            }
        }
    }

    /// Makes room for a reload of known size before it starts, so that memory stays within the budget while it
    /// loads; returns the bytes set aside (0 when the size is unknown or the room cannot be made now).
    private func reserve(_ knownBytes: Int?) -> Int {
        guard let budget = configuration.memoryBudget, let bytes = knownBytes, bytes > 0, bytes <= budget,
            makeRoom(for: bytes, budget: budget)
        else { return 0 }
        memory.reserve(bytes)
        return bytes
    }

    private func finishLoad(
        _ name: String,
        load: UInt64,
        reserved: Int,
        seconds: Double,
        result: Result<LoadedModel, KServeError>
    ) {
        activeLoads -= 1
        memory.unreserve(reserved)
        defer {
            pumpLoads()
            admitAwaitingRoom()
        }
        guard entries[name]?.lifecycle.pendingLoad == load else { return }
        switch result {
        case .failure(let error):
            failLoad(name, load: load, reason: error.message, cause: error)
        case .success(let model):
            totals.loadDurations.observe(seconds)
            place(name, load: load, model)
        }
    }

    /// Installs a loaded model when its bytes fit the budget (evicting idle models as needed); otherwise fails it
    /// (bigger than the whole budget) or lets it wait for room that models in use hold.
    private func place(_ name: String, load: UInt64, _ model: LoadedModel) {
        guard let budget = configuration.memoryBudget else { return install(name, load: load, model) }
        if model.residentBytes > budget {
            let reason =
                "model needs \(model.residentBytes) bytes, more than the whole memory budget of \(budget) bytes"
            return failLoad(name, load: load, reason: reason, cause: nil)
        }
        if makeRoom(for: model.residentBytes, budget: budget) { return install(name, load: load, model) }
        // Models in use hold the room: wait for one of them to finish rather than fail the request.
        let reason =
            "waiting for \(model.residentBytes) bytes of the \(budget)-byte memory budget held by models in use"
        if entries[name]?.lifecycle.awaitRoom(load: load, model, reason: reason) == true {
            memory.awaitingRoom.append((name, load))
        }
    }

    /// Installs the models that waited for room, oldest first, while room can be made; drops those whose load
    /// was superseded (unloaded, unregistered or reloaded meanwhile).
    func admitAwaitingRoom() {
        guard let budget = configuration.memoryBudget else { return }
        while let next = memory.awaitingRoom.first {
            guard let entry = entries[next.name], case .awaitingRoom(next.load, let model, _, _) = entry.lifecycle
            else {
                memory.awaitingRoom.removeFirst()
                continue
            }
            guard makeRoom(for: model.residentBytes, budget: budget) else { return }
            memory.awaitingRoom.removeFirst()
            install(next.name, load: next.load, model)
        }
    }

    private func install(_ name: String, load: UInt64, _ model: LoadedModel) {
        guard let waiters = entries[name]?.lifecycle.install(load: load, model) else { return }
        let use = nextUse()
        entries[name]?.knownBytes = model.residentBytes
        entries[name]?.useSequence = use.sequence
        memory.installed(name, bytes: model.residentBytes)
        totals.loads += 1
        for waiter in waiters {
            waiter.deadline?.cancel()
            if waiter.acquires { entries[name]?.hold(sequence: use.sequence, nowMillis: use.millis) }
            waiter.continuation.resume(returning: .success(model))
        }
    }

    private func failLoad(_ name: String, load: UInt64, reason: String, cause: KServeError?) {
        guard let waiters = entries[name]?.lifecycle.failLoad(load: load, reason: reason) else { return }
        totals.loadFailures += 1
        let message = "model \(name) failed to load: \(reason)"
        for waiter in waiters {
            waiter.deadline?.cancel()
            // A request sees "not available"; an explicit load sees the load's own error code.
            let code = waiter.acquires ? KServeError.Code.unavailable : (cause?.code ?? .unavailable)
            waiter.continuation.resume(returning: .failure(KServeError(code, message, cause: cause)))
        }
    }

    // MARK: - The memory budget

    /// Evicts least recently used idle models until `bytes` more fit in `budget`; false (evicting nothing) when
    /// even evicting every idle model would not make enough room.
    private func makeRoom(for bytes: Int, budget: Int) -> Bool {
        let idle = memory.loaded.keys.compactMap { name -> (name: String, sequence: UInt64, bytes: Int)? in
            guard let entry = entries[name], entry.isIdle, let model = entry.readyModel else { return nil }
            return (name, entry.useSequence, model.residentBytes)
        }
        guard let victims = memory.victims(toFit: bytes, budget: budget, idle: idle) else { return false }
        for victim in victims where entries[victim]?.lifecycle.evict() != nil {
            memory.dropped(victim)
            totals.evictions += 1
        }
        return true
    }

    /// The last hold of a model being unloaded ended: it goes, and the unloads waiting for it return.
    func completeDrain(_ name: String) {
        guard let drained = entries[name]?.lifecycle.finishDrain() else { return }
        memory.dropped(name)
        totals.unloads += 1
        for waiter in drained.waiters { waiter.resume() }
    }
}
