import ControlPlane
import Core
import Logging
import Resources
import Runtime

extension Reconciler {
    /// One pass over a TrainedModel: check it against its parent InferenceService as KServe's TrainedModel
    /// controller does (parent ready, framework supported, multi-model predictor, memory available), load it into
    /// the parent when all hold, and write its conditions and url.
    func reconcileTrainedModel(_ model: ServiceReference, force: Bool) async {
        guard let object = await store.get(.trainedModel, namespace: model.namespace, name: model.name) else {
            await removeTrainedModel(model)
            return
        }
        let uid = Self.uid(object)
        if !force, let previous = trainedModels[model], previous.uid == uid, previous.generation == object.generation {
            return
        }
        if let previous = trainedModels[model], previous.uid != uid { await removeTrainedModel(model) }
        var record =
            trainedModels[model]
            ?? TrainedModelRecord(uid: uid, generation: object.generation, parent: nil, registered: nil, loaded: false)
        record.uid = uid
        record.generation = object.generation

        let spec: TrainedModelSpec
        do throws(KServeError) {
            spec = try TrainedModelSpec(parsing: object.value)
        } catch {
            await detach(model, &record)
            let invalid = StatusCondition.isFalse("Ready", reason: "InvalidSpec", message: error.message)
            await finish(model, record, conditions: [invalid], urls: nil, previous: object.value["status"])
            return
        }
        if let earlier = record.parent, earlier != spec.parent {
            await detach(model, &record)
            allocations[ServiceReference(namespace: model.namespace, name: earlier)]?[model.name] = nil
        }
        record.parent = spec.parent
        let parentReference = ServiceReference(namespace: model.namespace, name: spec.parent)
        let parent = services[parentReference]

        let dependents = [
            parentReadyCondition(parent, spec, model),
            frameworkCondition(spec, model),
            multiModelCondition(parent, spec, model),
            memoryCondition(parent, parentReference, spec, model),
        ]
        var ready = StatusCondition.ready(from: dependents)
        if ready.status == .isTrue {
            let workers = parent?.spec?.scaling.workers(serverWorkers: configuration.serverWorkers)
            if let failure = await attach(model, &record, spec: spec, parent: parentReference, workers: workers) {
                ready = .isFalse("Ready", reason: "ModelLoadFailed", message: failure)
                configuration.logger.error(
                    "reconciler: TrainedModel \(model): model failed to load: \(failure)",
                    metadata: ["model": "\(model)"]
                )
            }
        } else {
            await detach(model, &record)
        }
        let urls = parent.flatMap { parent -> (url: String, address: String)? in
            guard parent.outcome.isReady || parent.outcome == .loading else { return nil }
            let path = Self.predictPath(model.name, protocolVersion: parent.spec?.protocolVersion)
            return (
                configuration.names.url(name: spec.parent, namespace: model.namespace) + path,
                configuration.names.addressURL(name: spec.parent, namespace: model.namespace) + path
            )
        }
        await finish(model, record, conditions: dependents + [ready], urls: urls, previous: object.value["status"])
    }

    private func finish(
        _ model: ServiceReference,
        _ record: TrainedModelRecord,
        conditions: [StatusCondition],
        urls: (url: String, address: String)?,
        previous: Value?
    ) async {
        trainedModels[model] = record
        var status = ValueObject()
        status["observedGeneration"] = .int(record.generation)
        if let urls {
            status["url"] = .string(urls.url)
            status["address"] = ["url": .string(urls.address)]
        }
        status["conditions"] = StatusCondition.render(conditions, previous: previous?["conditions"], now: Self.now())
        _ = await writeStatus(.trainedModel, model, .object(status))
    }

    /// Registers (when new or changed), routes and loads the model under its parent, with the parent's workers as
    /// its concurrency limit; returns the load failure.
    private func attach(
        _ model: ServiceReference,
        _ record: inout TrainedModelRecord,
        spec: TrainedModelSpec,
        parent: ServiceReference,
        workers: Int?
    ) async -> String? {
        let key = ServingNames.repositoryKey(name: model.name, namespace: model.namespace)
        let source: ModelSource
        do throws(KServeError) {
            let path = try StorageLocation.localPath(
                spec.storageUri,
                downloadDirectory: configuration.downloadDirectory
            )
            source = ModelSource(name: key, path: path, format: spec.format)
            if record.registered != source || !record.loaded { try await fetchRemoteModel(spec.storageUri) }
            try await replaceRegistration(record.registered, with: source)
        } catch {
            await detach(model, &record)
            return error.message
        }
        if record.registered != source { record.loaded = false }
        record.registered = source
        trainedModels[model] = record
        await setConcurrencyLimit(key, workers)
        routes.setModel(model.name, key: key, in: parent)
        if !record.loaded {
            if let failure = await load(key) { return failure }
            record.loaded = true
        }
        return nil
    }

    /// Unregisters the model and takes it off its parent's route (its memory admission stays, as KServe's label).
    private func detach(_ model: ServiceReference, _ record: inout TrainedModelRecord) async {
        if let parent = record.parent {
            routes.setModel(model.name, key: nil, in: ServiceReference(namespace: model.namespace, name: parent))
        }
        await unregister(record.registered)
        record.registered = nil
        record.loaded = false
    }

    /// The TrainedModel is gone: unload it, free its memory admission, and let its siblings try again.
    func removeTrainedModel(_ model: ServiceReference) async {
        guard var record = trainedModels.removeValue(forKey: model) else { return }
        await detach(model, &record)
        guard let parent = record.parent else { return }
        let parentReference = ServiceReference(namespace: model.namespace, name: parent)
        allocations[parentReference]?[model.name] = nil
        for (sibling, other) in trainedModels where sibling.namespace == model.namespace && other.parent == parent {
            enqueue(WorkKey(kind: .trainedModel, object: sibling), force: true)
        }
    }

    // MARK: - Conditions (KServe's TrainedModel controller)

    private func parentReadyCondition(
        _ parent: ServiceRecord?,
        _ spec: TrainedModelSpec,
        _ model: ServiceReference
    ) -> StatusCondition {
        guard let parent else {
            return .isFalse(
                "InferenceServiceReady",
                reason: "InferenceServiceNotReady",
                message: "Inference Service \"\(spec.parent)\" does not exist in namespace \(model.namespace)"
            )
        }
        guard parent.outcome.isReady else {
            return .isFalse(
                "InferenceServiceReady",
                reason: "InferenceServiceNotReady",
                message: "Inference Service needs to be ready before Trained Model can be ready"
            )
        }
        return .isTrue("InferenceServiceReady")
    }

    private func frameworkCondition(_ spec: TrainedModelSpec, _ model: ServiceReference) -> StatusCondition {
        guard spec.format != nil else {
            return .isFalse(
                "FrameworkSupported",
                reason: "FrameworkNotSupported",
                message: "Inference Service \"\(spec.parent)\" does not support the Trained Model \"\(model.name)\" "
                    + "framework \"\(spec.framework)\" (kserve serve runs \(PredictorSpec.supportedList))"
            )
        }
        return .isTrue("FrameworkSupported")
    }

    private func multiModelCondition(
        _ parent: ServiceRecord?,
        _ spec: TrainedModelSpec,
        _ model: ServiceReference
    ) -> StatusCondition {
        guard let predictor = parent?.spec, predictor.isMultiModel, predictor.unsupportedReason == nil else {
            return .isFalse(
                "IsMMSPredictor",
                reason: "IsNotMMSPredictor",
                message: "Inference Service predictor is not configured for multi-model serving"
            )
        }
        return .isTrue("IsMMSPredictor")
    }

    /// KServe's check: the `spec.model.memory` of the TrainedModels already admitted under the parent, plus this
    /// one, must fit in the predictor container's memory limit. A model that fits is admitted for good.
    private func memoryCondition(
        _ parent: ServiceRecord?,
        _ parentReference: ServiceReference,
        _ spec: TrainedModelSpec,
        _ model: ServiceReference
    ) -> StatusCondition {
        let unavailable = StatusCondition.isFalse(
            "MemoryResourceAvailable",
            reason: "MemoryResourceNotAvailable",
            message: "Inference Service does not have enough memory resources for Trained Model"
        )
        guard let limit = parent?.spec?.memoryLimit else { return unavailable }
        var admitted = allocations[parentReference] ?? [:]
        let others = admitted.filter { $0.key != model.name }.values.reduce(Int64(0), +)
        let (total, overflow) = others.addingReportingOverflow(spec.memory)
        let fits = !overflow && total <= limit
        if fits || admitted[model.name] != nil {
            admitted[model.name] = spec.memory
            allocations[parentReference] = admitted
        }
        guard fits else {
            var condition = unavailable
            condition.message =
                "Inference Service \"\(spec.parent)\" memory resources are not available: Trained Model "
                + "\"\(model.name)\" needs \(Quantity.describe(bytes: spec.memory)), "
                + "\(Quantity.describe(bytes: max(0, limit - others))) of the predictor's "
                + "\(Quantity.describe(bytes: limit)) memory limit is left"
            return condition
        }
        return .isTrue("MemoryResourceAvailable")
    }

    /// `/v1/models/NAME:predict`, or `/v2/models/NAME/infer` for a V2 predictor, as KServe's PredictPath.
    static func predictPath(_ name: String, protocolVersion: String?) -> String {
        protocolVersion == "v2" ? "/v2/models/\(name)/infer" : "/v1/models/\(name):predict"
    }
}
