import Core
import Testing

/// The `KServeError` `body` throws; records an issue when it throws nothing or something else.
func expectKServeError(
    sourceLocation: Testing.SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) -> KServeError? {
    do {
        try body()
        Issue.record("expected a KServeError", sourceLocation: sourceLocation)
    } catch let error as KServeError {
        return error
    } catch {
        Issue.record("expected a KServeError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

func expectKServeError(
    sourceLocation: Testing.SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async -> KServeError? {
    do {
        try await body()
        Issue.record("expected a KServeError", sourceLocation: sourceLocation)
    } catch let error as KServeError {
        return error
    } catch {
        Issue.record("expected a KServeError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
