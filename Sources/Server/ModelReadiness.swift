import Runtime

/// What the readiness routes report for a registered model.
enum ModelReadiness {
    /// The reason the repository gives a model unloaded through the repository API; such a model is not served
    /// until loaded again, unlike an evicted or never loaded one, which loads on its next request.
    static let unloadedReason = "unloaded on request"

    /// True when a request would be served now or after a transparent load: READY, or not loaded but neither
    /// failed nor unloaded on request (lazy loading and eviction are invisible to clients, as in ModelMesh).
    static func isReady(_ status: ModelStatus) -> Bool {
        switch status.state {
        case .ready: return true
        case .unavailable: return status.reason != unloadedReason
        case .loading, .unloading, .failed: return false
        }
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
