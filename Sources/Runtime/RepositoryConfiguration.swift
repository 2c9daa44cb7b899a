#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a ``ModelRepository`` loads, holds and runs models.
public struct RepositoryConfiguration: Sendable {
    /// Bytes of loaded models the repository may hold; nil means unlimited. Loading past it unloads least recently
    /// used idle models first.
    public var memoryBudget: Int?
    /// Model loads that may run at once.
    public var loadConcurrency: Int = 2
    /// Seconds a request waits for its model to load before it is answered "not ready".
    public var loadTimeout: Double = 60
    /// Threads that run inference.
    public var workers: Int = RepositoryConfiguration.processorCount
    /// Largest model file the repository reads, in bytes.
    public var maxModelFileBytes: Int = 2 << 30

    public init() {}

    /// Processors online (at least 1).
    public static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
