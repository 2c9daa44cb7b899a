import Core
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Runtime
import Server
import ServingTestSupport

/// A test client over HummingbirdTesting's `.router` or `.live` client.
struct Client: Sendable {
    enum Method: Sendable {
        case get
        case post

        var http: HTTPTypes.HTTPRequest.Method { self == .get ? .get : .post }
    }

    let inner: any TestClientProtocol

    func send(
        _ method: Method,
        _ uri: String,
        body: [UInt8]? = nil,
        headers: [String: String] = [:]
    ) async throws -> Reply {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        let response = try await inner.execute(
            uri: uri,
            method: method.http,
            headers: fields,
            body: body.map { ByteBuffer(bytes: $0) }
        )
        return Reply(
            status: Int(response.status.code),
            headers: response.headers,
            body: Array(response.body.readableBytesView)
        )
    }

    func get(_ uri: String, headers: [String: String] = [:]) async throws -> Reply {
        try await send(.get, uri, headers: headers)
    }

    func post(_ uri: String, json: Value, headers: [String: String] = [:]) async throws -> Reply {
        var all = headers
        all["Content-Type"] = "application/json"
        return try await send(.post, uri, body: JSONWriter.bytes(json), headers: all)
    }

    func post(_ uri: String, text: String, headers: [String: String] = [:]) async throws -> Reply {
        try await send(.post, uri, body: Array(text.utf8), headers: headers)
    }
}

enum TestServer {
    /// Serves `models` from a fresh repository for the duration of `body`.
    static func with<T: Sendable>(
        _ models: [ModelSource],
        configuration: ServerConfiguration = ServerConfiguration(),
        setup: TestingSetup = .router,
        _ body: @Sendable (Client, ModelRepository) async throws -> T
    ) async throws -> T {
        let repository = ModelRepository(configuration: configuration.repository)
        defer { repository.shutdown() }
        for model in models { try await repository.register(model) }
        if let directory = configuration.modelsDirectory { _ = try await repository.registerDirectory(directory) }
        let app = ModelServer.makeApplication(repository: repository, configuration: configuration)
        return try await app.test(setup) { client in try await body(Client(inner: client), repository) }
    }

    static func source(_ name: String, _ format: ModelFormat, _ fixture: String) -> ModelSource {
        ModelSource(name: name, path: TreeFixture.modelPath(format, fixture))
    }
}
