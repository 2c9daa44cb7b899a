/// Where a model stands in the repository, spelled as the V2 repository index reports it.
package enum ModelState: String, Sendable {
    /// Registered, not loaded (never loaded, evicted, or unloaded).
    case unavailable = "UNAVAILABLE"
    case loading = "LOADING"
    case ready = "READY"
    /// Unload requested; waits for the requests using it to finish.
    case unloading = "UNLOADING"
    /// The last load failed; `reason` says why. Only an explicit load tries again.
    case failed = "FAILED"
}
