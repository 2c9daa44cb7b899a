import ControlPlane
import Core
import Logging
import Resources
import Runtime

/// Drives the ``ModelRepository`` from the control plane's resources, as KServe's controllers drive a cluster.
///
/// An InferenceService with a `storageUri` and a format this server runs gets its model registered and loaded;
/// one without storage is a multi-model predictor that TrainedModels load into, within its memory limit. Each gets
/// a KServe-shaped `status`, and ``routes`` tells the data plane where requests addressed to it go.
///
/// It consumes ``ResourceStore/subscribe(replay:)``; work is serialized per object (a change that arrives while the
/// object is being reconciled causes one more pass afterwards) and runs concurrently across objects. Model loads
/// run on the repository's load threads, never on an event loop. One bad resource only ever gets a failed status.
package actor Reconciler {
    package nonisolated let routes: ServingRoutes
    let store: ResourceStore
    let repository: ModelRepository
    let configuration: ReconcilerConfiguration

    /// What was last done for each InferenceService and TrainedModel (by namespace and name).
    var services: [ServiceReference: ServiceRecord] = [:]
    var trainedModels: [ServiceReference: TrainedModelRecord] = [:]
    /// TrainedModels admitted under each multi-model predictor's memory limit, with their `spec.model.memory`.
    /// Admission sticks, as KServe's `trainedmodel-allocated` label does.
    var allocations: [ServiceReference: [String: Int64]] = [:]

    /// Fetches `http(s)://` models; made on first use.
    private var downloader: ModelDownloader?

    /// Where ``enqueue(_:force:)`` sends passes while ``run()`` runs.
    private var workQueue: AsyncStream<WorkKey>.Continuation?
    private var running: Set<WorkKey> = []
    private var pending: Set<WorkKey> = []
    private var forced: Set<WorkKey> = []

    package init(store: ResourceStore, repository: ModelRepository, configuration: ReconcilerConfiguration = .init()) {
        self.store = store
        self.repository = repository
        self.configuration = configuration
        self.routes = ServingRoutes(names: configuration.names)
    }

    /// Runs ``run()`` in a task; cancel the task to stop (tests and embedders without a service group).
    package nonisolated func start() -> Task<Void, Never> {
        Task { await self.run() }
    }

    /// Reconciles every stored object, then every change, until the task is cancelled or the store closes. Every
    /// pass runs as a child task of this one: cancelling it cancels them, and it returns only after they end.
    package func run() async {
        let (work, queue) = AsyncStream.makeStream(of: WorkKey.self)
        workQueue = queue
        defer { workQueue = nil }
        let events = await store.subscribe(replay: true)
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await event in events {
                    guard !Task.isCancelled else { break }
                    await self.receive(event)
                }
                queue.finish()
            }
            for await key in work {
                group.addTask { await self.drain(key) }
            }
        }
    }

    /// Inference workers a served InferenceService's `minReplicas` asks for, within the server's workers; nil
    /// when it is not served. Its model (or each of its TrainedModels) runs at most this many inferences at once:
    /// the repository's concurrency limit, set on every pass.
    package func workers(for service: ServiceReference) -> Int? {
        services[service]?.spec?.scaling.workers(serverWorkers: configuration.serverWorkers)
    }

    // MARK: - Work queue

    private func receive(_ event: StoreEvent) {
        let object = event.object
        guard object.kind == .inferenceService || object.kind == .trainedModel else { return }
        let reference = ServiceReference(
            namespace: object.namespace ?? ServingNames.defaultNamespace,
            name: object.name
        )
        // A MODIFIED event may be the echo of a status write: the pass compares generations and skips it.
        enqueue(WorkKey(kind: object.kind, object: reference), force: event.kind != .modified)
    }

    /// Schedules a pass over one object; `force` makes it act even when its generation was already handled.
    func enqueue(_ key: WorkKey, force: Bool) {
        if force { forced.insert(key) }
        if running.contains(key) {
            pending.insert(key)
            return
        }
        guard let workQueue else { return }
        running.insert(key)
        workQueue.yield(key)
    }

    private func drain(_ key: WorkKey) async {
        repeat {
            pending.remove(key)
            let force = forced.remove(key) != nil
            switch key.kind {
            case .inferenceService:
                await reconcileService(key.object, force: force)
            case .trainedModel:
                await reconcileTrainedModel(key.object, force: force)
            case .servingRuntime, .clusterServingRuntime:
                break
            }
        } while pending.contains(key)
        running.remove(key)
    }

    // MARK: - Shared steps

    /// Writes `status` through the status subresource; returns the status as stored (nil when the object is gone
    /// or the write failed, which is logged).
    func writeStatus(_ kind: ResourceKind, _ object: ServiceReference, _ status: Value) async -> Value? {
        do throws(KServeError) {
            let stored = try await store.updateStatus(
                kind,
                namespace: object.namespace,
                name: object.name,
                status: status
            )
            return stored?.value["status"]
        } catch {
            configuration.logger.error("reconciler: cannot write the status of \(kind) \(object): \(error.message)")
            return nil
        }
    }

    /// Unregisters a model the reconciler registered (waiting for its requests to finish).
    func unregister(_ source: ModelSource?) async {
        guard let source else { return }
        do throws(KServeError) {
            try await repository.unregister(source.name)
        } catch {
            if error.code != .notFound {
                configuration.logger.error(
                    "reconciler: cannot unregister model \(source.name): \(error.message)",
                    metadata: ["model": "\(source.name)"]
                )
            }
        }
    }

    /// Registers `source` in place of `previous` when they differ; on success the model needs a load.
    func replaceRegistration(_ previous: ModelSource?, with source: ModelSource) async throws(KServeError) {
        guard previous != source else { return }
        await unregister(previous)
        try await repository.register(source)
    }

    /// Limits the model's concurrent inferences to the workers `scaling` asks for (see
    /// ``ModelScaling/workers(serverWorkers:)``). Takes effect at once, without a reload: requests over the limit
    /// wait for a slot.
    /// Downloads the model an `http(s)://` storageUri names to the path ``StorageLocation`` gave it (an earlier
    /// download stands in when the server cannot be reached); nothing for local paths.
    func fetchRemoteModel(_ storageUri: String) async throws(KServeError) {
        guard ModelDownloader.handles(storageUri) else { return }
        let fetcher: ModelDownloader
        if let downloader {
            fetcher = downloader
        } else {
            fetcher = try ModelDownloader(directory: configuration.downloadDirectory)
            downloader = fetcher
        }
        _ = try await fetcher.fetchOrReuse(storageUri, logger: configuration.logger)
    }

    func applyWorkers(_ key: String, _ scaling: ModelScaling) async {
        await setConcurrencyLimit(key, scaling.workers(serverWorkers: configuration.serverWorkers))
    }

    func setConcurrencyLimit(_ key: String, _ workers: Int?) async {
        do throws(KServeError) {
            try await repository.setConcurrencyLimit(key, workers)
        } catch {
            configuration.logger.error(
                "reconciler: cannot set the workers of model \(key): \(error.message)",
                metadata: ["model": "\(key)"]
            )
        }
    }

    /// Loads a registered model; the failure message is the repository's reason for the FAILED state.
    func load(_ name: String) async -> String? {
        do throws(KServeError) {
            try await repository.load(name)
            return nil
        } catch {
            let reason = await repository.status(name)?.reason ?? ""
            return reason.isEmpty ? error.message : reason
        }
    }

    /// `metadata.uid`, which tells a re-created object from the one it replaced.
    static func uid(_ object: StoredObject) -> String? { object.value["metadata"]?["uid"]?.stringValue }

    static func now() -> String { RFC3339.now() }
}

/// One object to reconcile.
struct WorkKey: Hashable, Sendable {
    var kind: ResourceKind
    var object: ServiceReference
}

/// What the reconciler last did for an InferenceService.
struct ServiceRecord: Sendable {
    var uid: String?
    var generation: Int64
    /// nil when the spec could not be read.
    var spec: PredictorSpec?
    var outcome: PredictorOutcome
    /// The model registered for a single-model predictor.
    var registered: ModelSource?
}

/// What the reconciler last did for a TrainedModel.
struct TrainedModelRecord: Sendable {
    var uid: String?
    var generation: Int64
    /// The InferenceService it was attached to.
    var parent: String?
    var registered: ModelSource?
    /// The load of `registered` succeeded.
    var loaded: Bool
}
