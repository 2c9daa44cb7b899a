import Core
import Inference

/// Many models in one process: registration, loading on demand or on request, unloading, and a memory budget
/// kept by evicting least recently used idle models (ModelMesh-style: an evicted model reloads on its next request).
///
/// Each model's state is a ``ModelLifecycle`` whose transitions say what to do next; the repository owns the
/// seams around them: the load queue (``LoadQueue``, at most `loadConcurrency` loads on their own threads), the
/// memory budget (``MemoryLedger``), and the callers that wait (for a load, a drain or an inference slot).
///
/// A request takes a hold on its model with ``acquire(_:)`` and gives it back with ``release(_:)`` (or uses
/// ``withModel(_:_:)``): a held model is never evicted, and an explicit unload waits for its holds to end.
/// Inference takes a hold and a slot within the model's concurrency limit in one hop (``acquireInference(_:)``) and
/// gives both back, with its timings, in one more (``releaseInference(_:recording:)``). A model that fails to load is
/// FAILED with the reason and is not tried again until an explicit ``load(_:)``; every other model keeps serving.
package actor ModelRepository {
    package nonisolated let configuration: RepositoryConfiguration
    /// Threads for inference (`configuration.workers`).
    package nonisolated let inferencePool: WorkerPool
    nonisolated let loadPool: WorkerPool
    nonisolated let loader: ModelLoader
    /// The registered names, for questions that need no hop (``isRegistered(_:)``).
    private nonisolated let registered = RegisteredNames()

    /// Internal rather than private for the extensions in `ModelRepository+*.swift`.
    var entries: [String: ModelEntry] = [:]
    var loadQueue = LoadQueue()
    var activeLoads = 0
    var memory = MemoryLedger()
    var totals = RepositoryCounters()
    /// Numbers loads, so that a load's result finds out whether it is still the one expected.
    var loadCounter: UInt64 = 0
    var nextWaiterID: UInt64 = 0
    var useCounter: UInt64 = 0

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
        add(source)
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
        for source in sources { add(source) }
        return sources.map(\.name).sorted()
    }

    private func add(_ source: ModelSource) {
        entries[source.name] = ModelEntry(source: source)
        registered.insert(source.name)
    }

    /// Unloads (waiting for requests using it) and forgets a model.
    package func unregister(_ name: String) async throws(KServeError) {
        try await unload(name)
        guard entries[name] != nil else { return }
        // Between the unload and now an explicit load may have started: its waiters learn the model is gone.
        if case .abandoned(let waiters) = entries[name]?.lifecycle.unload(holds: 0) {
            resume(waiters, with: .failure(KServeError(.notFound, "model \(name) was removed")))
        }
        memory.dropped(name)
        entries[name] = nil
        registered.remove(name)
    }

    // MARK: - Questions

    /// Whether `name` is registered, answered without a hop onto the repository.
    package nonisolated func isRegistered(_ name: String) -> Bool { registered.contains(name) }

    /// Registered model names, sorted.
    package func names() -> [String] { entries.keys.sorted() }

    package func status(_ name: String) -> ModelStatus? { entries[name]?.status() }

    /// Every registered model, by name.
    package func index() -> [ModelStatus] {
        entries.keys.sorted().compactMap { entries[$0]?.status() }
    }

    package func counters() -> RepositoryCounters {
        var result = totals
        result.loadedModels = memory.loadedCount
        result.residentBytes = memory.residentBytes
        return result
    }

    package func statistics(_ name: String) -> ModelStatistics? { entries[name]?.statistics }

    /// Lets running jobs finish and stops the repository's threads; later loads and inference fail. Blocks until
    /// the running jobs end.
    package nonisolated func shutdown() {
        loadPool.shutdown()
        inferencePool.shutdown()
    }

    // MARK: - Helpers

    /// The next use's place in the least-recently-used order, and the wall-clock time of it.
    func nextUse() -> (sequence: UInt64, millis: Int64) {
        useCounter &+= 1
        return (useCounter, Clock.epochMillis())
    }

    static func unknown(_ name: String) -> KServeError {
        KServeError(.notFound, "model \(name) is not registered")
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
