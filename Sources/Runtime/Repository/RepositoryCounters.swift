/// Repository-wide figures for `/metrics`.
package struct RepositoryCounters: Sendable, Equatable {
    /// Models in state READY now.
    package var loadedModels: Int = 0
    /// Bytes held by loaded models now.
    package var residentBytes: Int = 0
    /// Successful loads since start.
    package var loads: Int = 0
    /// Failed loads since start.
    package var loadFailures: Int = 0
    /// Models unloaded to make room under the memory budget.
    package var evictions: Int = 0
    /// Models unloaded on request.
    package var unloads: Int = 0
    /// Time from the start of each successful load (file read, parse, flatten) to the model being ready.
    package var loadDurations = DurationHistogram()

    package init() {}
}
