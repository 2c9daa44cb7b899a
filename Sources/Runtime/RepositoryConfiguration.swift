import Core

/// How a ``ModelRepository`` loads, holds and runs models.
package struct RepositoryConfiguration: Sendable {
    /// Bytes of loaded models the repository may hold; nil means unlimited. Loading past it unloads least recently
    /// used idle models first.
    package var memoryBudget: Int?
    /// Model loads that may run at once.
    package var loadConcurrency: Int = 2
    /// Seconds a request waits for its model to load before it is answered "not ready".
    package var loadTimeout: Double = 60
    /// Threads that run inference.
    package var workers: Int = RepositoryConfiguration.processorCount
    /// Largest model file the repository reads, in bytes.
    package var maxModelFileBytes: Int = 2 << 30

    package init() {}

    /// Processors online (at least 1).
    package static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
