import HTTPServing
import Runtime

/// What the readiness routes report for a registered model.
enum ModelReadiness {
    /// The reason the repository gives a model unloaded through the repository API; such a model is not served
    /// until loaded again, unlike an evicted or never loaded one, which loads on its next request.
    static let unloadedReason = "unloaded on request"

    /// True when a request would be served now or after a transparent reload: READY, or evicted (eviction is
    /// invisible to clients, as in ModelMesh). A never-loaded model is probed by loading it (``loadsOnProbe(_:)``).
    static func isReady(_ status: ModelStatus) -> Bool {
        switch status.state {
        case .ready: return true
        case .unavailable: return status.reason != unloadedReason
        case .loading, .unloading, .failed: return false
        }
    }

    /// True for a model registered and never loaded (no reason recorded): a readiness probe loads it first, so that
    /// a model whose file cannot load is never reported ready. An evicted model loaded before and stays ready.
    static func loadsOnProbe(_ status: ModelStatus) -> Bool {
        status.state == .unavailable && status.reason.isEmpty
    }

    /// Why a model is not ready, for the 503 body.
    static func notReadyMessage(_ status: ModelStatus) -> String {
        var message = "Model with name \(status.name) is not ready."
        switch status.state {
        case .loading: message += " It is loading."
        case .unloading: message += " It is unloading."
        case .failed: message += " It failed to load: \(status.reason)"
        case .unavailable: message += " It was unloaded; load it through the repository API."
        case .ready: break
        }
        return message
    }
}

extension DataPlane {
    /// A model's status for a readiness route, after loading it first when it was never loaded
    /// (``ModelReadiness/loadsOnProbe(_:)``); a failed load is then in the status.
    func probedStatus(_ name: String) async throws(APIError) -> ModelStatus {
        let status = try await requireStatus(name)
        guard ModelReadiness.loadsOnProbe(status) else { return status }
        if let model = try? await acquire(name) { await release(model) }
        return try await requireStatus(name)
    }
}
