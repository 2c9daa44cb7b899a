/// Repository-wide figures for `/metrics`.
public struct RepositoryCounters: Sendable, Equatable {
    /// Models in state READY now.
    public var loadedModels: Int = 0
    /// Bytes held by loaded models now.
    public var residentBytes: Int = 0
    /// Successful loads since start.
    public var loads: Int = 0
    /// Failed loads since start.
    public var loadFailures: Int = 0
    /// Models unloaded to make room under the memory budget.
    public var evictions: Int = 0
    /// Models unloaded on request.
    public var unloads: Int = 0
    /// Time from the start of each successful load (file read, parse, flatten) to the model being ready.
    public var loadDurations = DurationHistogram()

    public init() {}
}
