import Runtime
import Server
import Synchronization
import Testing

/// `ModelServer.run` on a free port for the duration of a test, for tests that talk raw HTTP to it.
enum LiveServer {
    /// Runs `configuration` (its port replaced by 0), hands `body` the bound port, then stops the server.
    static func with<T: Sendable>(
        _ configuration: ServerConfiguration,
        _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        var configuration = configuration
        configuration.port = 0
        let port = Mutex<Int?>(nil)
        let server = Task { [configuration] in
            try await ModelServer.run(configuration) { bound in port.withLock { $0 = bound } }
        }
        defer { server.cancel() }
        // Bounded, so that a server that never binds fails the test instead of hanging it.
        var bound: Int?
        for _ in 0..<1200 where bound == nil {
            try await Task.sleep(nanoseconds: 25_000_000)
            bound = port.withLock { $0 }
        }
        let result = try await body(try #require(bound))
        server.cancel()
        try await server.value
        return result
    }
}
