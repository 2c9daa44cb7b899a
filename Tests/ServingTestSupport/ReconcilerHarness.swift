import ControlPlane
import Core
import Foundation
import Reconciler
import Resources
import Runtime
import Testing

/// A real in-memory ResourceStore, a real ModelRepository and a running Reconciler between them.
package struct ReconcilerHarness: Sendable {
    package let store: ResourceStore
    package let repository: ModelRepository
    package let reconciler: Reconciler

    /// The repository root (for the model files under `examples/models`).
    package static let root: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    package static let irisXGBoost = root + "/examples/models/iris/model.json"
    package static let diabetesLightGBM = root + "/examples/models/diabetes/model.txt"

    package static func with<T: Sendable>(
        serverWorkers: Int = 2,
        loader: ModelLoader = .standard,
        _ body: @Sendable (ReconcilerHarness) async throws -> T
    ) async throws -> T {
        let store = try ResourceStore(stateDirectory: nil)
        var repositoryConfiguration = RepositoryConfiguration()
        repositoryConfiguration.workers = serverWorkers
        let repository = ModelRepository(configuration: repositoryConfiguration, loader: loader)
        let reconciler = Reconciler(
            store: store,
            repository: repository,
            configuration: ReconcilerConfiguration(serverWorkers: serverWorkers)
        )
        let task = reconciler.start()
        let harness = ReconcilerHarness(store: store, repository: repository, reconciler: reconciler)
        do {
            let result = try await body(harness)
            await store.close()
            task.cancel()
            repository.shutdown()
            return result
        } catch {
            await store.close()
            task.cancel()
            repository.shutdown()
            throw error
        }
    }

    // MARK: - Objects

    package static func inferenceService(
        _ name: String,
        namespace: String = "default",
        predictor: Value
    ) -> Value {
        [
            "apiVersion": "serving.kserve.io/v1beta1",
            "kind": "InferenceService",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": ["predictor": predictor],
        ]
    }

    /// `spec.predictor.model` with a format and (unless nil) a storageUri.
    package static func model(_ format: String, storageUri: String?, extra: [(String, Value)] = []) -> Value {
        var model: ValueObject = ["modelFormat": ["name": .string(format)]]
        if let storageUri { model["storageUri"] = .string(storageUri) }
        for (key, value) in extra { model[key] = value }
        return ["model": .object(model)]
    }

    package static func trainedModel(
        _ name: String,
        parent: String,
        framework: String,
        storageUri: String,
        memory: String,
        namespace: String = "default"
    ) -> Value {
        [
            "apiVersion": "serving.kserve.io/v1alpha1",
            "kind": "TrainedModel",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": [
                "inferenceService": .string(parent),
                "model": [
                    "storageUri": .string(storageUri), "framework": .string(framework), "memory": .string(memory),
                ],
            ],
        ]
    }

    @discardableResult
    package func create(_ kind: ResourceKind, _ object: Value) async throws -> StoredObject {
        try await store.create(kind, namespace: object["metadata"]?["namespace"]?.stringValue, object: object)
    }

    /// Changes the stored object's spec with `change` and writes it back.
    @discardableResult
    package func updateSpec(
        _ kind: ResourceKind,
        _ name: String,
        namespace: String = "default",
        _ change: (inout Value) -> Void
    ) async throws -> StoredObject {
        let current = try #require(await store.get(kind, namespace: namespace, name: name))
        var value = current.value
        change(&value)
        return try await store.update(kind, namespace: namespace, object: value)
    }

    // MARK: - Waiting

    /// The object's status once `predicate` holds for it; fails after `seconds`, showing the last status.
    package func status(
        _ kind: ResourceKind,
        _ name: String,
        namespace: String = "default",
        within seconds: Double = 15,
        sourceLocation: Testing.SourceLocation = #_sourceLocation,
        until predicate: @Sendable (Value) -> Bool
    ) async throws -> Value {
        let deadline = Date().addingTimeInterval(seconds)
        var last: Value = .null
        while Date() < deadline {
            if let object = await store.get(kind, namespace: namespace, name: name) {
                last = object.value["status"] ?? .null
                if predicate(last) { return last }
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        let shown = String(decoding: JSONWriter.bytes(last), as: UTF8.self)
        Issue.record(
            "\(kind) \(namespace)/\(name): status did not reach the expected state within \(seconds) s; last: \(shown)",
            sourceLocation: sourceLocation
        )
        throw CancellationError()
    }

    /// Waits until `predicate` holds for the repository (polling), failing after `seconds`.
    package func repositoryState(
        within seconds: Double = 15,
        sourceLocation: Testing.SourceLocation = #_sourceLocation,
        until predicate: @Sendable (ModelRepository) async -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await predicate(repository) { return }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        Issue.record(
            "the repository did not reach the expected state within \(seconds) s",
            sourceLocation: sourceLocation
        )
        throw CancellationError()
    }
}

/// Reading conditions out of a status.
package enum StatusReading {
    package static func condition(_ status: Value, _ type: String) -> Value? {
        status["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    package static func state(_ status: Value, _ type: String) -> String? {
        condition(status, type)?["status"]?.stringValue
    }

    package static func isReady(_ status: Value, generation: Int64 = 1) -> Bool {
        status["observedGeneration"]?.int64Value == generation && state(status, "Ready") == "True"
    }

    package static func types(_ status: Value) -> [String] {
        status["conditions"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
    }
}
