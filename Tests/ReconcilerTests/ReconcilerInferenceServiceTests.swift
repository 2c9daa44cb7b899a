import ControlPlane
import Core
import Reconciler
import Resources
import Runtime
import ServingTestSupport
import Testing

/// InferenceServices through a real ResourceStore and ModelRepository: loads, failures, spec changes, deletion.
@Suite("Reconciler: InferenceService")
struct ReconcilerInferenceServiceTests {
    typealias Harness = ReconcilerHarness

    @Test("a servable InferenceService is loaded and gets KServe's Ready status, field by field")
    func readyPath() async throws {
        try await Harness.with { harness in
            let predictor = Harness.model("xgboost", storageUri: "file://" + Harness.irisXGBoost)
            try await harness.create(.inferenceService, Harness.inferenceService("iris", predictor: predictor))
            let status = try await harness.status(.inferenceService, "iris") { StatusReading.isReady($0) }

            #expect(status["observedGeneration"] == 1)
            #expect(status["url"] == "http://iris.default.example.com")
            #expect(status["address"]?["url"] == "http://iris.default.svc.cluster.local")
            #expect(status["components"]?["predictor"]?["url"] == "http://iris-predictor.default.example.com")
            #expect(status["clusterServingRuntimeName"] == "kserve-xgbserver")
            #expect(StatusReading.types(status) == ["IngressReady", "PredictorReady", "Ready"])
            for type in ["IngressReady", "PredictorReady", "Ready"] {
                let condition = try #require(StatusReading.condition(status, type))
                #expect(condition["status"] == "True", "\(type)")
                let time = try #require(condition["lastTransitionTime"]?.stringValue, "\(type)")
                #expect(time.count == 20 && time.hasSuffix("Z"), "\(type): \(time)")
                #expect(condition["reason"] == nil, "\(type)")
            }
            let model = try #require(status["modelStatus"])
            #expect(model["transitionStatus"] == "UpToDate")
            #expect(model["states"]?["activeModelState"] == "Loaded")
            #expect(model["states"]?["targetModelState"] == "Loaded")
            #expect(model["copies"]?["failedCopies"] == 0)
            #expect(model["copies"]?["totalCopies"] == 1)
            #expect(model["lastFailureInfo"] == nil)

            let loaded = try #require(await harness.repository.status("iris"))
            #expect(loaded.state == .ready)
            #expect(loaded.path == Harness.irisXGBoost)
        }
    }

    @Test("another namespace is served under NAME.NAMESPACE; a plain path and the legacy lightgbm slot work")
    func namespacedKeyAndLegacySlot() async throws {
        try await Harness.with { harness in
            let predictor: Value = ["lightgbm": ["storageUri": .string(Harness.diabetesLightGBM)]]
            try await harness.create(
                .inferenceService,
                Harness.inferenceService("diabetes", namespace: "team-a", predictor: predictor)
            )
            let status = try await harness.status(.inferenceService, "diabetes", namespace: "team-a") {
                StatusReading.isReady($0)
            }
            #expect(status["url"] == "http://diabetes.team-a.example.com")
            #expect(status["clusterServingRuntimeName"] == "kserve-lgbserver")
            #expect(await harness.repository.status("diabetes.team-a")?.state == .ready)
            #expect(await harness.repository.status("diabetes") == nil)
        }
    }

    @Test("a storageUri with no model behind it: FailedToLoad with ModelLoadFailed and the loader's message")
    func missingModelFile() async throws {
        try await Harness.with { harness in
            let missing = Harness.root + "/examples/models/no-such-model"
            let predictor = Harness.model("xgboost", storageUri: missing)
            try await harness.create(.inferenceService, Harness.inferenceService("broken", predictor: predictor))
            let status = try await harness.status(.inferenceService, "broken") {
                $0["modelStatus"]?["transitionStatus"] == "BlockedByFailedLoad"
            }
            let model = try #require(status["modelStatus"])
            #expect(model["states"]?["targetModelState"] == "FailedToLoad")
            #expect(model["lastFailureInfo"]?["reason"] == "ModelLoadFailed")
            let message = try #require(model["lastFailureInfo"]?["message"]?.stringValue)
            #expect(message.contains(missing) && message.contains("no such model file"), "\(message)")
            #expect(status["observedGeneration"] == 1)
            #expect(StatusReading.state(status, "PredictorReady") == "False")
            #expect(StatusReading.condition(status, "PredictorReady")?["reason"] == "ModelLoadFailed")
            #expect(StatusReading.state(status, "Ready") == "False")
            #expect(StatusReading.condition(status, "Ready")?["reason"] == "ModelLoadFailed")
            #expect(await harness.repository.status("broken")?.state == .failed)
        }
    }

    @Test("a model file of another format fails with the parser's message; a remote scheme says what to use")
    func unreadableModelAndRemoteScheme() async throws {
        try await Harness.with { harness in
            // A LightGBM text file declared as XGBoost: the XGBoost JSON parser rejects it.
            let wrong = Harness.model("xgboost", storageUri: Harness.diabetesLightGBM)
            try await harness.create(.inferenceService, Harness.inferenceService("wrong", predictor: wrong))
            let remote = Harness.model("xgboost", storageUri: "gs://kfserving-examples/models/xgboost/iris")
            try await harness.create(.inferenceService, Harness.inferenceService("remote", predictor: remote))

            let wrongStatus = try await harness.status(.inferenceService, "wrong") {
                $0["modelStatus"]?["states"]?["targetModelState"] == "FailedToLoad"
            }
            let parserMessage = try #require(wrongStatus["modelStatus"]?["lastFailureInfo"]?["message"]?.stringValue)
            #expect(parserMessage.contains(Harness.diabetesLightGBM), "\(parserMessage)")
            #expect(await harness.repository.status("wrong")?.reason == parserMessage)

            let remoteStatus = try await harness.status(.inferenceService, "remote") {
                $0["modelStatus"]?["states"]?["targetModelState"] == "FailedToLoad"
            }
            #expect(remoteStatus["modelStatus"]?["lastFailureInfo"]?["reason"] == "ModelLoadFailed")
            let remoteMessage = try #require(remoteStatus["modelStatus"]?["lastFailureInfo"]?["message"]?.stringValue)
            #expect(remoteMessage.contains("gs://") && remoteMessage.contains("file://"), "\(remoteMessage)")
            #expect(await harness.repository.status("remote") == nil)
        }
    }

    @Test("a format nobody serves: InvalidSpec with NoSupportingRuntime, nothing registered, no url")
    func unsupportedFormat() async throws {
        try await Harness.with { harness in
            let predictor = Harness.model("sklearn", storageUri: Harness.irisXGBoost)
            try await harness.create(.inferenceService, Harness.inferenceService("sk", predictor: predictor))
            let status = try await harness.status(.inferenceService, "sk") {
                $0["modelStatus"]?["transitionStatus"] == "InvalidSpec"
            }
            let failure = try #require(status["modelStatus"]?["lastFailureInfo"])
            #expect(failure["reason"] == "NoSupportingRuntime")
            #expect(failure["message"]?.stringValue?.contains("sklearn") == true)
            #expect(StatusReading.condition(status, "PredictorReady")?["reason"] == "NoSupportingRuntime")
            #expect(StatusReading.state(status, "IngressReady") == "False")
            #expect(StatusReading.state(status, "Ready") == "False")
            #expect(status["url"] == nil)
            #expect(await harness.repository.names().isEmpty)
        }
    }

    @Test("deleting an InferenceService unregisters its model and its route")
    func deleteUnregisters() async throws {
        try await Harness.with { harness in
            let predictor = Harness.model("xgboost", storageUri: Harness.irisXGBoost)
            try await harness.create(.inferenceService, Harness.inferenceService("iris", predictor: predictor))
            _ = try await harness.status(.inferenceService, "iris") { StatusReading.isReady($0) }
            let service = ServiceReference(namespace: "default", name: "iris")
            #expect(harness.reconciler.routes.models(of: service) == ["iris": "iris"])

            _ = try await harness.store.delete(.inferenceService, namespace: "default", name: "iris")
            try await harness.repositoryState { await $0.status("iris") == nil }
            #expect(harness.reconciler.routes.models(of: service) == nil)
        }
    }

    @Test("a new storageUri and format reloads the model; observedGeneration follows")
    func specChangeReloads() async throws {
        try await Harness.with { harness in
            let predictor = Harness.model("xgboost", storageUri: Harness.irisXGBoost)
            try await harness.create(.inferenceService, Harness.inferenceService("m", predictor: predictor))
            _ = try await harness.status(.inferenceService, "m") { StatusReading.isReady($0) }
            let first = try await harness.repository.withModel("m") { $0.format }
            #expect(first == .xgboost)

            try await harness.updateSpec(.inferenceService, "m") { object in
                var spec = object["spec"]?.objectValue ?? [:]
                spec["predictor"] = Harness.model("lightgbm", storageUri: Harness.diabetesLightGBM)
                var whole = object.objectValue ?? [:]
                whole["spec"] = .object(spec)
                object = .object(whole)
            }
            let status = try await harness.status(.inferenceService, "m") {
                StatusReading.isReady($0, generation: 2)
            }
            #expect(status["clusterServingRuntimeName"] == "kserve-lgbserver")
            #expect(await harness.repository.status("m")?.path == Harness.diabetesLightGBM)
            let second = try await harness.repository.withModel("m") { $0.format }
            #expect(second == .lightgbm)
        }
    }

    @Test("kserve scale fields are accepted without a reload; minReplicas maps to workers within --workers")
    func scaleChange() async throws {
        try await Harness.with(serverWorkers: 2) { harness in
            let predictor = Harness.model("xgboost", storageUri: Harness.irisXGBoost)
            try await harness.create(.inferenceService, Harness.inferenceService("iris", predictor: predictor))
            _ = try await harness.status(.inferenceService, "iris") { StatusReading.isReady($0) }
            let service = ServiceReference(namespace: "default", name: "iris")
            #expect(await harness.reconciler.workers(for: service) == 1)

            try await harness.updateSpec(.inferenceService, "iris") { object in
                var whole = object.objectValue ?? [:]
                var spec = whole["spec"]?.objectValue ?? [:]
                var predictor = spec["predictor"]?.objectValue ?? [:]
                predictor["minReplicas"] = 3
                predictor["maxReplicas"] = 5
                predictor["scaleMetric"] = "concurrency"
                predictor["scaleTarget"] = 10
                predictor["canaryTrafficPercent"] = 20
                spec["predictor"] = .object(predictor)
                whole["spec"] = .object(spec)
                object = .object(whole)
            }
            _ = try await harness.status(.inferenceService, "iris") { StatusReading.isReady($0, generation: 2) }
            #expect(await harness.reconciler.workers(for: service) == 2)
            #expect(await harness.repository.counters().loads == 1)
        }
    }
}
