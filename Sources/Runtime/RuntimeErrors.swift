import Transport

extension KServeError.Code {
    /// The model exists but cannot serve now: not loaded, loading past the deadline, failed to load, unloaded,
    /// or the repository is shutting down. A server answers 503.
    public static let unavailable = KServeError.Code("unavailable")
}
