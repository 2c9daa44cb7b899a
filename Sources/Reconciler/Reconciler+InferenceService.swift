import ControlPlane
import Core
import Logging
import Resources
import Runtime

extension Reconciler {
    /// One pass over an InferenceService: register and load its model (or set up a multi-model predictor), route
    /// it, write its status, and have its TrainedModels look again.
    func reconcileService(_ service: ServiceReference, force: Bool) async {
        guard let object = await store.get(.inferenceService, namespace: service.namespace, name: service.name)
        else {
            await removeService(service)
            return
        }
        let uid = Self.uid(object)
        let previous = services[service]
        if !force, let previous, previous.uid == uid, previous.generation == object.generation { return }
        if let previous, previous.uid != uid {
            // Deleted and created again between two passes: start from nothing.
            await removeService(service)
        }
        let record = services[service]
        var current = ServiceRecord(
            uid: uid,
            generation: object.generation,
            spec: nil,
            outcome: .loading,
            registered: record?.registered
        )
        var status = object.value["status"]

        let spec: PredictorSpec
        do throws(KServeError) {
            spec = try PredictorSpec(parsing: object.value)
        } catch {
            current.outcome = .invalidSpec(reason: "InvalidPredictorSpec", message: error.message)
            await settleWithoutModel(service, &current, status: status)
            return
        }
        current.spec = spec
        if let reason = spec.unsupportedReason {
            current.outcome = .invalidSpec(reason: "NoSupportingRuntime", message: reason)
            await settleWithoutModel(service, &current, status: status)
            return
        }
        if spec.isMultiModel {
            current.outcome = .multiModel
            await settleWithoutModel(service, &current, status: status)
            return
        }

        let key = ServingNames.repositoryKey(name: service.name, namespace: service.namespace)
        routes.setService(service, models: [service.name: key])
        let source: ModelSource
        do throws(KServeError) {
            source = ModelSource(
                name: key,
                path: try StorageLocation.localPath(
                    spec.storageUri ?? "",
                    downloadDirectory: configuration.downloadDirectory
                ),
                format: spec.format
            )
        } catch {
            current.outcome = .failedToLoad(reason: "ModelLoadFailed", message: error.message)
            await unregister(current.registered)
            current.registered = nil
            await finish(service, current, status: status)
            return
        }
        let needsLoad = record?.registered != source || record?.outcome != .loaded
        if needsLoad {
            // Show the new generation as in progress before the load, so that waiters never take the old model's
            // readiness for the new spec's.
            services[service] = current
            status = await writeStatus(.inferenceService, service, render(service, current, previous: status))
            do throws(KServeError) {
                try await fetchRemoteModel(spec.storageUri ?? "")
                try await replaceRegistration(record?.registered, with: source)
                current.registered = source
                await applyWorkers(key, spec.scaling)
                if let failure = await load(key) {
                    current.outcome = .failedToLoad(reason: "ModelLoadFailed", message: failure)
                    configuration.logger.error(
                        "reconciler: InferenceService \(service): model failed to load: \(failure)",
                        metadata: ["model": "\(key)"]
                    )
                } else {
                    current.outcome = .loaded
                }
            } catch {
                current.registered = nil
                current.outcome = .failedToLoad(reason: "ModelLoadFailed", message: error.message)
            }
        } else {
            // Same model (a `kserve scale`, say): only the workers may have changed; no reload.
            await applyWorkers(key, spec.scaling)
            current.outcome = .loaded
        }
        await finish(service, current, status: status)
    }

    /// A predictor that serves no model of its own (a spec no runtime serves, or a multi-model predictor): drops
    /// any model registered for an earlier spec, routes it (multi-model only) and writes the status.
    private func settleWithoutModel(_ service: ServiceReference, _ current: inout ServiceRecord, status: Value?) async {
        await unregister(current.registered)
        current.registered = nil
        if current.outcome == .multiModel {
            routes.setService(service, models: attachedModels(service))
        } else {
            routes.removeService(service)
        }
        await finish(service, current, status: status)
    }

    private func finish(_ service: ServiceReference, _ current: ServiceRecord, status: Value?) async {
        services[service] = current
        _ = await writeStatus(.inferenceService, service, render(service, current, previous: status))
        await enqueueTrainedModels(of: service)
    }

    private func render(_ service: ServiceReference, _ record: ServiceRecord, previous: Value?) -> Value {
        InferenceServiceStatus(
            service: service,
            names: configuration.names,
            generation: record.generation,
            runtimeName: record.outcome.isReady || record.outcome == .loading ? record.spec?.runtimeName : nil,
            outcome: record.outcome
        ).render(previous: previous, now: Self.now())
    }

    /// The InferenceService is gone: its model is unregistered, its route removed, and its TrainedModels told.
    func removeService(_ service: ServiceReference) async {
        guard let record = services.removeValue(forKey: service) else { return }
        routes.removeService(service)
        allocations[service] = nil
        await unregister(record.registered)
        await enqueueTrainedModels(of: service)
    }

    /// The TrainedModels attached to `service` (as stored, or as last reconciled) get a forced pass.
    func enqueueTrainedModels(of service: ServiceReference) async {
        var names = Set(
            trainedModels.filter { $0.key.namespace == service.namespace && $0.value.parent == service.name }
                .map(\.key.name)
        )
        for object in await store.list(.trainedModel, namespace: service.namespace).objects
        where object.value["spec"]?["inferenceService"]?.stringValue == service.name {
            names.insert(object.name)
        }
        for name in names {
            enqueue(
                WorkKey(kind: .trainedModel, object: ServiceReference(namespace: service.namespace, name: name)),
                force: true
            )
        }
    }

    /// The registered TrainedModels of a multi-model predictor: model name -> repository key.
    func attachedModels(_ service: ServiceReference) -> [String: String] {
        var models: [String: String] = [:]
        for (reference, record) in trainedModels
        where reference.namespace == service.namespace && record.parent == service.name {
            if let source = record.registered { models[reference.name] = source.name }
        }
        return models
    }
}
