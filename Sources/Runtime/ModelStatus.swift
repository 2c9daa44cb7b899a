/// A snapshot of one registered model, for the repository index, readiness and status reporting.
package struct ModelStatus: Sendable, Equatable {
    package var name: String
    /// Always nil today: one version per model name.
    package var version: String?
    package var state: ModelState
    /// Why the model is in its state (a load failure, an eviction, an unload); empty when there is nothing to say.
    package var reason: String
    /// Bytes the loaded model takes (0 when not loaded).
    package var residentBytes: Int
    /// When a request last used the model, in milliseconds since the Unix epoch; nil if never.
    package var lastUsed: Int64?
    /// Requests using the model right now.
    package var inFlight: Int
    /// Path of the model file or directory.
    package var path: String
    /// Inferences of the model that may run at once; nil when unlimited.
    package var concurrencyLimit: Int?
    /// Inferences waiting for one of those slots.
    package var waiting: Int

    package init(
        name: String,
        version: String? = nil,
        state: ModelState,
        reason: String = "",
        residentBytes: Int = 0,
        lastUsed: Int64? = nil,
        inFlight: Int = 0,
        path: String = "",
        concurrencyLimit: Int? = nil,
        waiting: Int = 0
    ) {
        self.name = name
        self.version = version
        self.state = state
        self.reason = reason
        self.residentBytes = residentBytes
        self.lastUsed = lastUsed
        self.inFlight = inFlight
        self.path = path
        self.concurrencyLimit = concurrencyLimit
        self.waiting = waiting
    }
}
