import ControlPlane
import Core
import Reconciler
import Resources
import Runtime
import ServingTestSupport
import Testing

/// TrainedModels loading into a multi-model InferenceService, with KServe's conditions and memory admission.
@Suite("Reconciler: TrainedModel")
struct ReconcilerTrainedModelTests {
    typealias Harness = ReconcilerHarness

    /// A multi-model predictor (no storageUri) whose container may use `memory`.
    static func multiModelService(_ name: String, memory: String) -> Value {
        Harness.inferenceService(
            name,
            predictor: Harness.model(
                "xgboost",
                storageUri: nil,
                extra: [("resources", ["limits": ["memory": .string(memory)]])]
            )
        )
    }

    @Test("TrainedModels load into a multi-model predictor until its memory limit; a freed slot admits the next")
    func memoryAdmission() async throws {
        try await Harness.with { harness in
            try await harness.create(.inferenceService, Self.multiModelService("mms", memory: "1Mi"))
            let parent = try await harness.status(.inferenceService, "mms") { StatusReading.isReady($0) }
            #expect(parent["modelStatus"]?["transitionStatus"] == "UpToDate")

            let first = Harness.trainedModel(
                "tm-iris",
                parent: "mms",
                framework: "xgboost",
                storageUri: Harness.irisXGBoost,
                memory: "600Ki"
            )
            try await harness.create(.trainedModel, first)
            let ready = try await harness.status(.trainedModel, "tm-iris") { StatusReading.isReady($0) }
            #expect(ready["url"] == "http://mms.default.example.com/v1/models/tm-iris:predict")
            #expect(ready["address"]?["url"] == "http://mms.default.svc.cluster.local/v1/models/tm-iris:predict")
            #expect(
                StatusReading.types(ready) == [
                    "FrameworkSupported", "InferenceServiceReady", "IsMMSPredictor", "MemoryResourceAvailable",
                    "Ready",
                ]
            )
            for type in StatusReading.types(ready) {
                #expect(StatusReading.state(ready, type) == "True", "\(type)")
            }
            #expect(await harness.repository.status("tm-iris")?.state == .ready)
            let service = ServiceReference(namespace: "default", name: "mms")
            #expect(harness.reconciler.routes.models(of: service) == ["tm-iris": "tm-iris"])

            // 600Ki + 600Ki > 1Mi: the second does not fit.
            let second = Harness.trainedModel(
                "tm-diabetes",
                parent: "mms",
                framework: "lightgbm",
                storageUri: Harness.diabetesLightGBM,
                memory: "600Ki"
            )
            try await harness.create(.trainedModel, second)
            let refused = try await harness.status(.trainedModel, "tm-diabetes") {
                StatusReading.state($0, "MemoryResourceAvailable") == "False"
            }
            let memory = try #require(StatusReading.condition(refused, "MemoryResourceAvailable"))
            #expect(memory["reason"] == "MemoryResourceNotAvailable")
            #expect(StatusReading.state(refused, "Ready") == "False")
            #expect(StatusReading.condition(refused, "Ready")?["reason"] == "MemoryResourceNotAvailable")
            #expect(StatusReading.state(refused, "InferenceServiceReady") == "True")
            #expect(await harness.repository.status("tm-diabetes") == nil)

            // Deleting the first frees its memory: the second is admitted and loads.
            _ = try await harness.store.delete(.trainedModel, namespace: "default", name: "tm-iris")
            _ = try await harness.status(.trainedModel, "tm-diabetes") { StatusReading.isReady($0) }
            try await harness.repositoryState { await $0.status("tm-iris") == nil }
            #expect(await harness.repository.status("tm-diabetes")?.state == .ready)
            #expect(harness.reconciler.routes.models(of: service) == ["tm-diabetes": "tm-diabetes"])
        }
    }

    @Test("a single-model parent is not an MMS predictor; an unknown framework is not supported")
    func parentAndFrameworkConditions() async throws {
        try await Harness.with { harness in
            let single = Harness.model("xgboost", storageUri: Harness.irisXGBoost)
            try await harness.create(.inferenceService, Harness.inferenceService("single", predictor: single))
            _ = try await harness.status(.inferenceService, "single") { StatusReading.isReady($0) }
            try await harness.create(
                .trainedModel,
                Harness.trainedModel(
                    "into-single",
                    parent: "single",
                    framework: "xgboost",
                    storageUri: Harness.irisXGBoost,
                    memory: "1Ki"
                )
            )
            let notMMS = try await harness.status(.trainedModel, "into-single") {
                StatusReading.state($0, "IsMMSPredictor") == "False"
            }
            #expect(StatusReading.condition(notMMS, "IsMMSPredictor")?["reason"] == "IsNotMMSPredictor")
            #expect(StatusReading.state(notMMS, "Ready") == "False")

            try await harness.create(.inferenceService, Self.multiModelService("mms", memory: "1Gi"))
            try await harness.create(
                .trainedModel,
                Harness.trainedModel(
                    "sk",
                    parent: "mms",
                    framework: "sklearn",
                    storageUri: Harness.irisXGBoost,
                    memory: "1Ki"
                )
            )
            let unsupported = try await harness.status(.trainedModel, "sk") {
                StatusReading.state($0, "FrameworkSupported") == "False"
            }
            #expect(StatusReading.condition(unsupported, "FrameworkSupported")?["reason"] == "FrameworkNotSupported")
            #expect(StatusReading.state(unsupported, "Ready") == "False")
            #expect(await harness.repository.status("sk") == nil)
            #expect(await harness.repository.status("into-single") == nil)
        }
    }

    @Test("a TrainedModel created before its parent waits, then loads when the parent is ready")
    func parentArrivesLater() async throws {
        try await Harness.with { harness in
            try await harness.create(
                .trainedModel,
                Harness.trainedModel(
                    "early",
                    parent: "later",
                    framework: "lightgbm",
                    storageUri: "file://" + Harness.diabetesLightGBM,
                    memory: "64Ki"
                )
            )
            let waiting = try await harness.status(.trainedModel, "early") {
                StatusReading.state($0, "InferenceServiceReady") == "False"
            }
            #expect(StatusReading.condition(waiting, "InferenceServiceReady")?["reason"] == "InferenceServiceNotReady")

            try await harness.create(.inferenceService, Self.multiModelService("later", memory: "2Gi"))
            let ready = try await harness.status(.trainedModel, "early") { StatusReading.isReady($0) }
            #expect(ready["url"] == "http://later.default.example.com/v1/models/early:predict")
            #expect(await harness.repository.status("early")?.state == .ready)

            // Deleting the parent takes the TrainedModel's model down with it.
            _ = try await harness.store.delete(.inferenceService, namespace: "default", name: "later")
            _ = try await harness.status(.trainedModel, "early") {
                StatusReading.state($0, "InferenceServiceReady") == "False"
            }
            try await harness.repositoryState { await $0.status("early") == nil }
        }
    }
}
