import Core

/// Where an InferenceService's predictor stands, as the reconciler last saw it.
enum PredictorOutcome: Sendable, Equatable {
    /// The model is registered and loading.
    case loading
    /// The model is loaded and served.
    case loaded
    /// A multi-model predictor: up, serving whatever TrainedModels load into it.
    case multiModel
    /// The model did not load (`reason` is a KServe FailureReason such as `ModelLoadFailed`).
    case failedToLoad(reason: String, message: String)
    /// No runtime serves the spec (`NoSupportingRuntime`) or the spec cannot be read (`InvalidPredictorSpec`).
    case invalidSpec(reason: String, message: String)

    var isReady: Bool { self == .loaded || self == .multiModel }
}

/// Builds an InferenceService's `status` as KServe writes it: url and address, the predictor component,
/// conditions `IngressReady`, `PredictorReady` and `Ready`, and `modelStatus` with states, transitionStatus,
/// lastFailureInfo and copies.
struct InferenceServiceStatus {
    var service: ServiceReference
    var names: ServingNames
    var generation: Int64
    var runtimeName: String?
    var outcome: PredictorOutcome

    func render(previous: Value?, now: String) -> Value {
        var status = ValueObject()
        status["observedGeneration"] = .int(generation)
        let routed: Bool
        switch outcome {
        case .invalidSpec: routed = false
        case .loading, .loaded, .multiModel, .failedToLoad: routed = true
        }
        if routed {
            status["url"] = .string(names.url(name: service.name, namespace: service.namespace))
            status["address"] = ["url": .string(names.addressURL(name: service.name, namespace: service.namespace))]
            let component = service.name + "-predictor"
            status["components"] = [
                "predictor": [
                    "url": .string(names.url(name: component, namespace: service.namespace)),
                    "address": ["url": .string(names.addressURL(name: component, namespace: service.namespace))],
                ]
            ]
        }
        if let runtimeName { status["clusterServingRuntimeName"] = .string(runtimeName) }
        let dependents = [ingressCondition(routed: routed), predictorCondition]
        status["conditions"] = StatusCondition.render(
            dependents + [StatusCondition.ready(from: dependents)],
            previous: previous?["conditions"],
            now: now
        )
        status["modelStatus"] = modelStatus(now: now)
        return .object(status)
    }

    private func ingressCondition(routed: Bool) -> StatusCondition {
        guard routed else {
            return .isFalse(
                "IngressReady",
                reason: "PredictorNotRouted",
                message: "no route is set up for a predictor that no runtime serves"
            )
        }
        return .isTrue("IngressReady")
    }

    private var predictorCondition: StatusCondition {
        switch outcome {
        case .loaded, .multiModel:
            return .isTrue("PredictorReady")
        case .loading:
            return .unknown("PredictorReady", reason: "ModelLoading", message: "the model is loading")
        case .failedToLoad(let reason, let message), .invalidSpec(let reason, let message):
            return .isFalse("PredictorReady", reason: reason, message: message)
        }
    }

    private func modelStatus(now: String) -> Value {
        var model = ValueObject()
        let transition: String
        let active: String
        let target: String
        var failure: (reason: String, message: String)?
        switch outcome {
        case .loaded, .multiModel:
            (transition, active, target) = ("UpToDate", "Loaded", "Loaded")
        case .loading:
            (transition, active, target) = ("InProgress", "Pending", "Loading")
        case .failedToLoad(let reason, let message):
            (transition, active, target) = ("BlockedByFailedLoad", "Pending", "FailedToLoad")
            failure = (reason, message)
        case .invalidSpec(let reason, let message):
            (transition, active, target) = ("InvalidSpec", "Pending", "FailedToLoad")
            failure = (reason, message)
        }
        model["transitionStatus"] = .string(transition)
        model["states"] = ["activeModelState": .string(active), "targetModelState": .string(target)]
        if let failure {
            model["lastFailureInfo"] = [
                "reason": .string(failure.reason),
                "message": .string(failure.message),
                "time": .string(now),
            ]
            model["copies"] = ["failedCopies": 1]
        } else if outcome.isReady {
            model["copies"] = ["failedCopies": 0, "totalCopies": 1]
        }
        return .object(model)
    }
}
