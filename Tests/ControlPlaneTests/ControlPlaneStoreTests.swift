import Core
import Foundation
import Logging
import Resources
import ServingTestSupport
import Testing

@testable import ControlPlane

/// The resource store: Kubernetes versioning semantics and the state directory.
@Suite struct ControlPlaneStoreTests {
    static func isvc(_ name: String, namespace: String? = nil, minReplicas: Int64 = 1) -> Value {
        var metadata: ValueObject = ["name": .string(name)]
        if let namespace { metadata["namespace"] = .string(namespace) }
        return [
            "apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService", "metadata": .object(metadata),
            "spec": [
                "predictor": [
                    "minReplicas": .int(minReplicas),
                    "model": ["modelFormat": ["name": "xgboost"], "storageUri": .string("file:///models/\(name)")],
                ]
            ],
        ]
    }

    @Test func createSetsMetadataAndDropsStatus() async throws {
        let store = try ResourceStore(stateDirectory: nil)
        var object = Self.isvc("iris")
        object.set(["status"], ["url": "http://elsewhere"])
        let created = try await store.create(.inferenceService, namespace: "team", object: object)
        #expect(created.namespace == "team")
        #expect(created.generation == 1)
        #expect(created.value["status"] == nil)
        #expect(created.value.at(["metadata", "resourceVersion"])?.stringValue == String(created.resourceVersion))
        #expect(created.value.at(["metadata", "uid"])?.stringValue?.count == 36)
        #expect(created.value.at(["metadata", "creationTimestamp"])?.stringValue?.hasSuffix("Z") == true)
        #expect(await store.namespace("team") != nil)
        #expect(await store.get(.inferenceService, namespace: "team", name: "iris") == created)
        await #expect(throws: KServeError.self) {
            try await store.create(.inferenceService, namespace: "team", object: Self.isvc("iris"))
        }
    }

    @Test func updateBumpsGenerationOnlyForSpecChanges() async throws {
        let store = try ResourceStore(stateDirectory: nil)
        let created = try await store.create(.inferenceService, namespace: "default", object: Self.isvc("a"))
        var labelled = created.value
        labelled.set(["metadata", "labels"], ["team": "ml"])
        let relabelled = try await store.update(.inferenceService, namespace: "default", object: labelled)
        #expect(relabelled.generation == 1)
        #expect(relabelled.resourceVersion > created.resourceVersion)
        var scaled = relabelled.value
        scaled.set(["spec", "predictor", "minReplicas"], 3)
        let rescaled = try await store.update(.inferenceService, namespace: "default", object: scaled)
        #expect(rescaled.generation == 2)
        #expect(rescaled.value.at(["metadata", "generation"]) == .int(2))
        // The stale resourceVersion of `scaled` is a conflict now.
        scaled.set(["spec", "predictor", "minReplicas"], 4)
        let error = await #expect(throws: KServeError.self) {
            try await store.update(.inferenceService, namespace: "default", object: scaled)
        }
        #expect(error?.code == .conflict)
        #expect((error?.cause as? KubeStatus)?.reason == "Conflict")
    }

    @Test func statusSubresourceKeepsGenerationAndSpec() async throws {
        let store = try ResourceStore(stateDirectory: nil)
        let created = try await store.create(.inferenceService, namespace: "default", object: Self.isvc("a"))
        let status: Value = ["url": "http://a.default.example.com", "observedGeneration": 1]
        let updated = try #require(
            try await store.updateStatus(.inferenceService, namespace: "default", name: "a", status: status)
        )
        #expect(updated.generation == 1)
        #expect(updated.value["status"] == status)
        #expect(updated.value["spec"] == created.value["spec"])
        // A main-resource update keeps the status it does not own.
        var replaced = updated.value
        replaced.set(["status"], ["url": "ignored"])
        let kept = try await store.update(.inferenceService, namespace: "default", object: replaced)
        #expect(kept.value["status"] == status)
        #expect(
            try await store.updateStatus(.inferenceService, namespace: "default", name: "gone", status: status) == nil
        )
    }

    @Test func invalidObjectsAre422WithFieldCauses() async throws {
        let store = try ResourceStore(stateDirectory: nil)
        var object = Self.isvc("Bad_Name")
        object.set(["spec", "predictor"], nil)
        let error = await #expect(throws: KServeError.self) {
            try await store.create(.inferenceService, namespace: "default", object: object)
        }
        let status = try #require(error?.cause as? KubeStatus)
        #expect(status.code == 422)
        #expect(status.reason == "Invalid")
        #expect(Set(status.causes.compactMap(\.field)) == ["metadata.name", "spec.predictor"])
    }

    /// Every problem is a cause (Kubernetes lists them all); a null counts as absent; dotted keys use brackets.
    @Test func everyProblemIsACauseInTheAPIServersWording() async throws {
        let store = try ResourceStore(stateDirectory: nil)
        var object = Self.isvc("iris")
        object.set(["metadata", "labels"], ["app.kubernetes.io/name": 7])
        object.set(["spec", "predictor", "model", "modelFormat"], .null)
        object.set(["spec", "predictor", "canaryTrafficPercent"], 101)
        let error = await #expect(throws: KServeError.self) {
            try await store.create(.inferenceService, namespace: "default", object: object)
        }
        let status = try #require(error?.cause as? KubeStatus)
        #expect(status.code == 422)
        #expect(
            status.causes == [
                KubeStatus.Cause(
                    reason: "FieldValueTypeInvalid",
                    message: "Invalid value: \"integer\": metadata.labels[\"app.kubernetes.io/name\"] in body must be "
                        + "of type string",
                    field: "metadata.labels[\"app.kubernetes.io/name\"]"
                ),
                KubeStatus.Cause(
                    reason: "FieldValueRequired",
                    message: "Required value",
                    field: "spec.predictor.model.modelFormat"
                ),
                KubeStatus.Cause(
                    reason: "FieldValueInvalid",
                    message: "Invalid value: 101: must be between 0 and 100",
                    field: "spec.predictor.canaryTrafficPercent"
                ),
            ]
        )
    }

    @Test func aBodyThatIsNotAnObjectIsOneCauseWithoutAField() async throws {
        let store = try ResourceStore(stateDirectory: nil)
        let error = await #expect(throws: KServeError.self) {
            try await store.create(.inferenceService, namespace: "default", object: [1, 2])
        }
        let status = try #require(error?.cause as? KubeStatus)
        #expect(status.code == 422)
        #expect(
            status.causes == [
                KubeStatus.Cause(
                    reason: "FieldValueTypeInvalid",
                    message: "Invalid value: \"array\": body must be of type object",
                    field: nil
                )
            ]
        )
    }

    @Test func aWatchThatDoesNotReadIsEndedInsteadOfBuffered() async throws {
        let store = try ResourceStore(stateDirectory: nil, watchBacklog: 4)
        _ = try await store.create(.inferenceService, namespace: "default", object: Self.isvc("first"))
        let (events, _) = try await store.watch(after: nil)
        let reconcilerFeed = await store.subscribe(replay: false)
        for index in 0..<20 {
            _ = try await store.create(.inferenceService, namespace: "default", object: Self.isvc("m\(index)"))
        }
        // The watch fell behind (1 replayed + 4 waiting, then one more): the store ended it and forgot it; the
        // server's own feed is never dropped.
        #expect(await store.subscriberCount == 1)
        var received: [String] = []
        for await event in events { received.append(event.object.name) }
        #expect(received == ["first", "m0", "m1", "m2", "m3"])
        var iterator = reconcilerFeed.makeAsyncIterator()
        for index in 0..<20 { #expect(await iterator.next()?.object.name == "m\(index)") }
    }

    @Test func watchReplaysAndResumesFromAResourceVersion() async throws {
        let store = try ResourceStore(stateDirectory: nil, historyLimit: 3)
        let first = try await store.create(.inferenceService, namespace: "default", object: Self.isvc("a"))
        let replay = await store.subscribe(replay: true)
        var iterator = replay.makeAsyncIterator()
        #expect(await iterator.next()?.object.name == "a")
        let second = try await store.create(.inferenceService, namespace: "default", object: Self.isvc("b"))
        let live = await iterator.next()
        #expect(live?.kind == .added)
        #expect(live?.object.resourceVersion == second.resourceVersion)
        _ = try await store.delete(.inferenceService, namespace: "default", name: "a")
        let deleted = await iterator.next()
        #expect(deleted?.kind == .deleted)
        #expect(deleted?.object.name == "a")
        #expect(try #require(deleted?.object.resourceVersion) > second.resourceVersion)

        var resumed = try await store.subscribe(after: first.resourceVersion).makeAsyncIterator()
        #expect(await resumed.next()?.object.name == "b")
        #expect(await resumed.next()?.kind == .deleted)
        // Three more changes push the first ones out of the history: resuming from there is 410 Gone.
        for name in ["c", "d", "e"] {
            _ = try await store.create(.inferenceService, namespace: "default", object: Self.isvc(name))
        }
        let error = await #expect(throws: KServeError.self) {
            try await store.subscribe(after: first.resourceVersion)
        }
        #expect((error?.cause as? KubeStatus)?.code == 410)
    }

    @Test func persistsAcrossReopeningWithGrowingVersions() async throws {
        let directory = try TemporaryDirectory()
        var expected: [StoredObject] = []
        let lastVersion: UInt64
        do {
            let store = try ResourceStore(stateDirectory: directory.path)
            expected.append(try await store.create(.inferenceService, namespace: "team", object: Self.isvc("a")))
            let b = try await store.create(.inferenceService, namespace: "default", object: Self.isvc("b"))
            let runtime: Value = [
                "apiVersion": "serving.kserve.io/v1alpha1", "kind": "ClusterServingRuntime",
                "metadata": ["name": "xgb"],
                "spec": ["supportedModelFormats": [["name": "xgboost", "autoSelect": true]]],
            ]
            expected.append(try await store.create(.clusterServingRuntime, namespace: "ignored", object: runtime))
            let withStatus = try await store.updateStatus(
                .inferenceService,
                namespace: "default",
                name: "b",
                status: ["url": "http://b"]
            )
            expected.append(try #require(withStatus))
            _ = try await store.create(.inferenceService, namespace: "default", object: Self.isvc("c"))
            _ = try await store.delete(.inferenceService, namespace: "default", name: "c")
            lastVersion = await store.resourceVersion
            #expect(b.resourceVersion < lastVersion)
        }
        let reopened = try ResourceStore(stateDirectory: directory.path)
        #expect(reopened.skippedFiles.isEmpty)
        for object in expected {
            #expect(await reopened.get(object.kind, namespace: object.namespace, name: object.name) == object)
        }
        #expect(await reopened.get(.inferenceService, namespace: "default", name: "c") == nil)
        #expect(await reopened.namespace("team") != nil)
        #expect(await reopened.resourceVersion == lastVersion)
        let next = try await reopened.create(.inferenceService, namespace: "default", object: Self.isvc("d"))
        #expect(next.resourceVersion == lastVersion + 1)
    }

    @Test func corruptFilesAreReportedAndSkipped() async throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try ResourceStore(stateDirectory: directory.path)
            _ = try await store.create(.inferenceService, namespace: "default", object: Self.isvc("good"))
        }
        let folder = directory.path + "/objects/inferenceservices/default"
        try Data("{\"kind\": \"InferenceService\", ".utf8).write(to: URL(fileURLWithPath: folder + "/torn.json"))
        try Data("{}".utf8).write(to: URL(fileURLWithPath: folder + "/empty.json"))
        let log = CapturedLog()
        let reopened = try ResourceStore(stateDirectory: directory.path, logger: log.logger)
        #expect(reopened.skippedFiles.count == 2)
        #expect(reopened.skippedFiles.contains { $0.contains("torn.json") })
        #expect(log.lines.count == 2)
        #expect(log.lines(at: .warning) == reopened.skippedFiles.map { "state: skipped \($0)" })
        #expect(await reopened.get(.inferenceService, namespace: "default", name: "good") != nil)
    }
}
