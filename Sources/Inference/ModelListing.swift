/// One model on a serving endpoint, as `kserve models` lists it.
package struct ModelListing: Sendable, Equatable {
    package var name: String
    package var version: String?
    /// Whether the server says the model is ready; nil when it could not be asked.
    package var ready: Bool?
    /// Repository state (`READY`, `UNAVAILABLE`, `LOADING`...) when the server has the repository extension.
    package var state: String?
    package var reason: String?

    package init(name: String, version: String? = nil, ready: Bool?, state: String? = nil, reason: String? = nil) {
        self.name = name
        self.version = version
        self.ready = ready
        self.state = state
        self.reason = reason
    }
}

/// Which API answered a model listing.
package enum ModelListingSource: String, Sendable {
    case repositoryIndex = "v2 repository index"
    case v2Models = "v2 models"
    case v1Models = "v1 models"
}
