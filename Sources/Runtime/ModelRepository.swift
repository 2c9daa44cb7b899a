import Core
import Inference

/// Many models in one process: registration, loading on demand or on request, unloading, and a memory budget
/// kept by evicting least recently used idle models (ModelMesh-style: an evicted model reloads on its next request).
///
/// Loads run on a pool of `loadConcurrency` threads; inference runs on ``inferencePool``. A request takes a hold on
/// its model with ``acquire(_:)`` and gives it back with ``release(_:)`` (or uses ``withModel(_:_:)``): a held
/// model is never evicted, and an explicit unload waits for its holds to end. Inference takes a hold and a slot
/// within the model's concurrency limit (``acquireInference(_:)``, ``setConcurrencyLimit(_:_:)``). A model that fails to load is
/// FAILED with the reason and is not tried again until an explicit ``load(_:)``; every other model keeps serving.
package actor ModelRepository {
    package nonisolated let configuration: RepositoryConfiguration
    /// Threads for inference (`configuration.workers`).
    package nonisolated let inferencePool: WorkerPool
    private nonisolated let loadPool: WorkerPool
    private nonisolated let loader: ModelLoader

    /// Internal rather than private for the extensions in `ModelRepository+*.swift`.
    var entries: [String: ModelEntry] = [:]
    /// Names of models holding a loaded model (READY or UNLOADING), the eviction candidates' superset.
    private var loadedNames: Set<String> = []
    private var loadQueue: [(name: String, generation: UInt64)] = []
    /// Start of the unconsumed part of `loadQueue`.
    private var loadQueueHead = 0
    /// Bytes set aside under the budget for loads in progress whose size is known from an earlier load.
    private var reservedBytes = 0
    private var activeLoads = 0
    private var residentBytes = 0
    private var totals = RepositoryCounters()
    var nextWaiterID: UInt64 = 0
    var useCounter: UInt64 = 0
    /// Loaded models waiting for budget room that in-use models hold; installed, oldest first, as holds end.
    /// Their requests keep waiting (up to `loadTimeout`) instead of failing, as ModelMesh queues them.
    private var awaitingRoom: [(name: String, generation: UInt64, model: LoadedModel)] = []

    package init(configuration: RepositoryConfiguration, loader: ModelLoader = .standard) {
        self.configuration = configuration
        self.loader = loader
        self.inferencePool = WorkerPool(threads: max(1, configuration.workers), name: "kserve-infer")
        self.loadPool = WorkerPool(threads: max(1, configuration.loadConcurrency), name: "kserve-load")
    }

    // MARK: - Registration

    /// Registers a model without loading it. A name already registered is `.conflict`.
    package func register(_ source: ModelSource) throws(KServeError) {
        try Self.validateName(source.name, path: source.path)
        if let existing = entries[source.name] {
            throw KServeError(
                .conflict,
                "model \(source.name) is already registered (from \(existing.source.path)); cannot add \(source.path)"
            )
        }
        entries[source.name] = ModelEntry(source: source)
    }

    /// Registers every model in a directory: each sub-directory (named for the directory) and each model file
    /// (named for its stem; files of no recognisable model format and hidden entries are skipped). Registers all or
    /// none; returns the names, sorted.
    package func registerDirectory(_ path: String) throws(KServeError) -> [String] {
        let sources = try RepositoryDirectory.sources(in: path)
        var seen: [String: String] = [:]
        for source in sources {
            try Self.validateName(source.name, path: source.path)
            if let other = seen[source.name] ?? entries[source.name]?.source.path {
                throw KServeError(
                    .conflict,
                    "model \(source.name) is named twice: \(other) and \(source.path)"
                )
            }
            seen[source.name] = source.path
        }
        for source in sources { entries[source.name] = ModelEntry(source: source) }
        return sources.map(\.name).sorted()
    }

    /// Unloads (waiting for requests using it) and forgets a model.
    package func unregister(_ name: String) async throws(KServeError) {
        try await unload(name)
        guard let entry = entries[name] else { return }
        failWaiters(name, KServeError(.notFound, "model \(name) was removed"))
        if entry.model != nil { dropModel(name) }
        entries[name] = nil
    }

    // MARK: - Questions

    /// Registered model names, sorted.
    package func names() -> [String] { entries.keys.sorted() }

    package func status(_ name: String) -> ModelStatus? { entries[name]?.status() }

    /// Every registered model, by name.
    package func index() -> [ModelStatus] {
        entries.keys.sorted().compactMap { entries[$0]?.status() }
    }

    package func counters() -> RepositoryCounters {
        var result = totals
        result.loadedModels = loadedNames.count
        result.residentBytes = residentBytes
        return result
    }

    package func statistics(_ name: String) -> ModelStatistics? { entries[name]?.statistics }

    /// Adds one request's timings to the model's statistics; unknown names are ignored.
    package func record(_ name: String, outcome: InferenceOutcome) {
        entries[name]?.statistics.record(outcome, timestampMillis: UInt64(max(0, Clock.epochMillis())))
    }

    // MARK: - Requests

    /// The ready model for a request, with a hold on it that ``release(_:)`` gives back. The hold takes no
    /// inference slot: inference goes through ``acquireInference(_:)``, which keeps the model's concurrency limit.
    ///
    /// Loads the model on first use (or after an eviction) and waits for a load in progress up to
    /// `configuration.loadTimeout`. Unknown names are `.notFound`; a model that failed to load, was unloaded on
    /// request, is unloading, or did not load in time is `.unavailable` with the reason.
    package func acquire(_ name: String) async throws(KServeError) -> LoadedModel {
        guard let entry = entries[name] else { throw Self.unknown(name) }
        switch entry.state {
        case .ready:
            if let model = entry.model {
                hold(name)
                return model
            }
            startLoad(name)
        case .loading:
            break
        case .failed:
            throw KServeError(.unavailable, "model \(name) failed to load: \(entry.reason)")
        case .unloading:
            throw KServeError(.unavailable, "model \(name) is unloading")
        case .unavailable:
            if entry.parked {
                throw KServeError(.unavailable, "model \(name) is unloaded; load it through the repository API")
            }
            startLoad(name)
        }
        return try await waitForLoad(name, acquires: true, timeout: configuration.loadTimeout).get()
    }

    /// Gives back the hold ``acquire(_:)`` took.
    package func release(_ model: LoadedModel) {
        guard let entry = entries[model.name], entry.model === model, entry.inFlight > 0 else { return }
        entries[model.name]?.inFlight -= 1
        if entry.inFlight == 1 && entry.state == .unloading { completeUnload(model.name) }
        if entry.inFlight == 1 { admitAwaitingRoom() }
    }

    /// Gives back the hold and adds the request's timings in one step (one hop onto the repository per request).
    package func release(_ model: LoadedModel, recording outcome: InferenceOutcome) {
        record(model.name, outcome: outcome)
        release(model)
    }

    /// Installs the models that waited for room, oldest first, while room can be made; drops those whose load
    /// was superseded (unloaded, unregistered or reloaded meanwhile).
    func admitAwaitingRoom() {
        guard let budget = configuration.memoryBudget else { return }
        while let next = awaitingRoom.first {
            guard let entry = entries[next.name], entry.generation == next.generation, entry.state == .loading else {
                awaitingRoom.removeFirst()
                continue
            }
            guard makeRoom(for: next.model.residentBytes, budget: budget) else { return }
            awaitingRoom.removeFirst()
            install(next.name, next.model)
        }
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

    // MARK: - Explicit load and unload

    /// Loads a model now and waits until it is ready; a failure throws the load's error. Also clears a FAILED
    /// state or an earlier unload.
    package func load(_ name: String) async throws(KServeError) {
        guard let entry = entries[name] else { throw Self.unknown(name) }
        if entry.state == .unloading { await waitForDrain(name) }
        guard let current = entries[name] else { throw Self.unknown(name) }
        entries[name]?.parked = false
        switch current.state {
        case .ready where current.model != nil:
            return
        case .loading:
            break
        default:
            startLoad(name)
        }
        _ = try await waitForLoad(name, acquires: false, timeout: nil).get()
    }

    /// Unloads a model and keeps it unloaded (requests get `.unavailable`) until an explicit ``load(_:)``.
    /// Waits for requests using it to finish; a load in progress is abandoned.
    package func unload(_ name: String) async throws(KServeError) {
        guard let entry = entries[name] else { throw Self.unknown(name) }
        entries[name]?.parked = true
        failSlotWaiters(name, KServeError(.unavailable, "model \(name) was unloaded while waiting for a worker"))
        switch entry.state {
        case .ready:
            if entry.inFlight == 0 {
                completeUnload(name)
            } else {
                entries[name]?.state = .unloading
                entries[name]?.reason = "unloading on request"
                await waitForDrain(name)
            }
        case .unloading:
            await waitForDrain(name)
        case .loading:
            entries[name]?.generation &+= 1
            entries[name]?.state = .unavailable
            entries[name]?.reason = "unloaded on request"
            failWaiters(name, KServeError(.unavailable, "model \(name) was unloaded while loading"))
        case .unavailable, .failed:
            entries[name]?.state = .unavailable
            entries[name]?.reason = "unloaded on request"
        }
    }

    /// Lets running jobs finish and stops the repository's threads; later loads and inference fail. Blocks until
    /// the running jobs end.
    package nonisolated func shutdown() {
        loadPool.shutdown()
        inferencePool.shutdown()
    }

    // MARK: - Loading

    private func startLoad(_ name: String) {
        guard entries[name] != nil else { return }
        entries[name]?.state = .loading
        entries[name]?.reason = ""
        entries[name]?.generation &+= 1
        entries[name]?.parked = false
        loadQueue.append((name, entries[name]?.generation ?? 0))
        pumpLoads()
    }

    /// Starts queued loads while fewer than `loadConcurrency` run.
    private func pumpLoads() {
        while activeLoads < max(1, configuration.loadConcurrency), loadQueueHead < loadQueue.count {
            let (name, generation) = loadQueue[loadQueueHead]
            loadQueueHead += 1
            if loadQueueHead == loadQueue.count {
                loadQueue.removeAll(keepingCapacity: true)
                loadQueueHead = 0
            }
            guard let entry = entries[name], entry.generation == generation, entry.state == .loading else { continue }
            activeLoads += 1
            let reserved = reserve(entry.knownBytes)
            let source = entry.source
            let pool = loadPool
            let loader = loader
            let limit = configuration.maxModelFileBytes
            let started = Clock.monotonicNanos()
            Task {
                let result = await ModelFileLoader.load(source, loader: loader, pool: pool, maxBytes: limit)
                let seconds = Double(Clock.monotonicNanos() &- started) / 1e9
                self.finishLoad(name, generation: generation, reserved: reserved, seconds: seconds, result: result)
            }
        }
    }

    /// Makes room for a reload of known size before it starts, so that memory stays within the budget while it
    /// loads; returns the bytes set aside (0 when the size is unknown or the room cannot be made now).
    private func reserve(_ knownBytes: Int?) -> Int {
        guard let budget = configuration.memoryBudget, let bytes = knownBytes, bytes > 0, bytes <= budget,
            makeRoom(for: bytes, budget: budget)
        else { return 0 }
        reservedBytes += bytes
        return bytes
    }

    private func finishLoad(
        _ name: String,
        generation: UInt64,
        reserved: Int,
        seconds: Double,
        result: Result<LoadedModel, KServeError>
    ) {
        activeLoads -= 1
        reservedBytes -= reserved
        defer {
            pumpLoads()
            admitAwaitingRoom()
        }
        guard let entry = entries[name], entry.generation == generation, entry.state == .loading else { return }
        let model: LoadedModel
        switch result {
        case .failure(let error):
            failLoad(name, reason: error.message, state: .failed, cause: error)
            return
        case .success(let loaded):
            model = loaded
            totals.loadDurations.observe(seconds)
        }
        if let budget = configuration.memoryBudget {
            if model.residentBytes > budget {
                let reason =
                    "model needs \(model.residentBytes) bytes, more than the whole memory budget of "
                    + "\(budget) bytes"
                failLoad(name, reason: reason, state: .failed, cause: nil)
                return
            }
            if !makeRoom(for: model.residentBytes, budget: budget) {
                // Models in use hold the room: wait for one of them to finish rather than fail the request.
                entries[name]?.reason =
                    "waiting for \(model.residentBytes) bytes of the \(budget)-byte memory budget held by models in use"
                awaitingRoom.append((name, generation, model))
                return
            }
        }
        install(name, model)
    }

    private func install(_ name: String, _ model: LoadedModel) {
        guard var entry = entries[name] else { return }
        entry.model = model
        entry.knownBytes = model.residentBytes
        entry.state = .ready
        entry.reason = ""
        useCounter &+= 1
        entry.useSequence = useCounter
        let waiters = entry.waiters
        entry.waiters = []
        entries[name] = entry
        loadedNames.insert(name)
        residentBytes += model.residentBytes
        totals.loads += 1
        for waiter in waiters {
            waiter.deadline?.cancel()
            if waiter.acquires { hold(name) }
            waiter.continuation.resume(returning: .success(model))
        }
    }

    private func failLoad(_ name: String, reason: String, state: ModelState, cause: KServeError?) {
        entries[name]?.state = state
        entries[name]?.reason = reason
        totals.loadFailures += 1
        let message = "model \(name) failed to load: \(reason)"
        guard let waiters = entries[name]?.waiters else { return }
        entries[name]?.waiters = []
        for waiter in waiters {
            waiter.deadline?.cancel()
            // A request sees "not available"; an explicit load sees the load's own error code.
            let code = waiter.acquires ? KServeError.Code.unavailable : (cause?.code ?? .unavailable)
            waiter.continuation.resume(returning: .failure(KServeError(code, message, cause: cause)))
        }
    }

    /// Evicts least recently used idle models until `bytes` more fit in `budget`; false (evicting nothing) when
    /// even evicting every idle model would not make enough room.
    private func makeRoom(for bytes: Int, budget: Int) -> Bool {
        let excess = residentBytes + reservedBytes + bytes - budget
        guard excess > 0 else { return true }
        let idle = loadedNames.compactMap { name -> (name: String, sequence: UInt64, bytes: Int)? in
            guard let entry = entries[name], entry.state == .ready, entry.inFlight == 0, let model = entry.model
            else { return nil }
            return (name, entry.useSequence, model.residentBytes)
        }
        guard idle.reduce(0, { $0 + $1.bytes }) >= excess else { return false }
        var freed = 0
        for victim in idle.sorted(by: { $0.sequence < $1.sequence }) {
            guard freed < excess else { break }
            freed += victim.bytes
            dropModel(victim.name)
            entries[victim.name]?.reason = "evicted to stay within the memory budget"
            totals.evictions += 1
        }
        return true
    }

    /// Forgets a model's loaded executor and its bytes; the entry becomes UNAVAILABLE.
    private func dropModel(_ name: String) {
        guard let model = entries[name]?.model else { return }
        entries[name]?.model = nil
        entries[name]?.state = .unavailable
        loadedNames.remove(name)
        residentBytes -= model.residentBytes
    }

    func completeUnload(_ name: String) {
        if entries[name]?.model != nil { totals.unloads += 1 }
        dropModel(name)
        entries[name]?.reason = "unloaded on request"
        let drained = entries[name]?.drainWaiters ?? []
        entries[name]?.drainWaiters = []
        for waiter in drained { waiter.resume() }
    }

    func hold(_ name: String) {
        useCounter &+= 1
        entries[name]?.inFlight += 1
        entries[name]?.useSequence = useCounter
        entries[name]?.lastUsedMillis = Clock.epochMillis()
    }

    // MARK: - Waiting

    private func waitForLoad(
        _ name: String,
        acquires: Bool,
        timeout: Double?
    ) async -> Result<LoadedModel, KServeError> {
        nextWaiterID &+= 1
        let id = nextWaiterID
        return await withTaskCancellationHandler {
            await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<LoadedModel, KServeError>, Never>) in
                guard entries[name] != nil else {
                    continuation.resume(returning: .failure(Self.unknown(name)))
                    return
                }
                guard !Task.isCancelled else {
                    continuation.resume(returning: .failure(Self.cancelled(name)))
                    return
                }
                var waiter = LoadWaiter(id: id, acquires: acquires, continuation: continuation)
                if let timeout {
                    waiter.deadline = Task {
                        try? await Task.sleep(nanoseconds: Self.nanoseconds(timeout))
                        guard !Task.isCancelled else { return }
                        self.endWait(name, id: id, error: Self.loadTimedOut(name, after: timeout))
                    }
                }
                entries[name]?.waiters.append(waiter)
            }
        } onCancel: {
            Task { await self.endWait(name, id: id, error: Self.cancelled(name)) }
        }
    }

    /// Ends one wait with an error (deadline or cancellation) if it is still waiting.
    private func endWait(_ name: String, id: UInt64, error: KServeError) {
        guard let index = entries[name]?.waiters.firstIndex(where: { $0.id == id }),
            let waiter = entries[name]?.waiters.remove(at: index)
        else { return }
        waiter.deadline?.cancel()
        waiter.continuation.resume(returning: .failure(error))
    }

    private func failWaiters(_ name: String, _ error: KServeError) {
        guard let waiters = entries[name]?.waiters else { return }
        entries[name]?.waiters = []
        for waiter in waiters {
            waiter.deadline?.cancel()
            waiter.continuation.resume(returning: .failure(error))
        }
    }

    private func waitForDrain(_ name: String) async {
        guard entries[name]?.state == .unloading else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            entries[name]?.drainWaiters.append(continuation)
        }
    }

    // MARK: - Helpers

    static func unknown(_ name: String) -> KServeError {
        KServeError(.notFound, "model \(name) is not registered")
    }

    private static func cancelled(_ name: String) -> KServeError {
        KServeError(.interrupted, "waiting for model \(name) to load was cancelled")
    }

    private static func loadTimedOut(_ name: String, after seconds: Double) -> KServeError {
        KServeError(
            .unavailable,
            "model \(name) is not ready: still loading after \(seconds) s",
            cause: KServeError(.timeout, "load deadline of \(seconds) s passed")
        )
    }

    static func nanoseconds(_ seconds: Double) -> UInt64 {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return seconds >= Double(UInt64.max / 2) / 1e9 ? UInt64.max / 2 : UInt64(seconds * 1e9)
    }

    /// Names end up in URL paths and file names: no empty names, slashes, or control characters.
    static func validateName(_ name: String, path: String) throws(KServeError) {
        let bad = name.isEmpty || name.unicodeScalars.contains { $0 == "/" || $0.value < 0x20 || $0.value == 0x7F }
        if bad {
            throw KServeError(
                .invalidInput,
                "\(path): invalid model name \"\(name)\" (must be non-empty, without '/' or control characters)"
            )
        }
    }
}
