import Core
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ServingTestSupport

@testable import ControlPlane

/// Requests against the control plane's routes in process (HummingbirdTesting's router setup).
struct KubeClient: Sendable {
    let inner: any TestClientProtocol

    /// Runs `body` against a fresh in-memory control plane (or the given one).
    static func with<T: Sendable>(
        _ controlPlane: ControlPlane? = nil,
        _ body: @Sendable (KubeClient, ControlPlane) async throws -> T
    ) async throws -> T {
        let plane = try controlPlane ?? ControlPlane(store: ResourceStore(stateDirectory: nil))
        let router = Router(context: BasicRequestContext.self)
        plane.addRoutes(to: router)
        let app = Application(router: router)
        return try await app.test(.router) { client in try await body(KubeClient(inner: client), plane) }
    }

    func send(
        _ method: HTTPRequest.Method,
        _ uri: String,
        body: [UInt8]? = nil,
        contentType: String? = nil,
        accept: String? = nil,
        userAgent: String? = nil
    ) async throws -> Reply {
        var fields = HTTPFields()
        if let contentType { fields[.contentType] = contentType }
        if let accept { fields[.accept] = accept }
        if let userAgent { fields[.userAgent] = userAgent }
        let response = try await inner.execute(
            uri: uri,
            method: method,
            headers: fields,
            body: body.map { ByteBuffer(bytes: $0) }
        )
        return Reply(
            status: Int(response.status.code),
            headers: response.headers,
            body: Array(response.body.readableBytesView)
        )
    }

    func get(_ uri: String, accept: String? = nil) async throws -> Reply {
        try await send(.get, uri, accept: accept)
    }

    func post(_ uri: String, _ object: Value, userAgent: String? = nil) async throws -> Reply {
        try await send(
            .post,
            uri,
            body: JSONWriter.bytes(object),
            contentType: "application/json",
            userAgent: userAgent
        )
    }

    func put(_ uri: String, _ object: Value) async throws -> Reply {
        try await send(.put, uri, body: JSONWriter.bytes(object), contentType: "application/json")
    }

    func patch(_ uri: String, _ patch: Value, type: String) async throws -> Reply {
        try await send(.patch, uri, body: JSONWriter.bytes(patch), contentType: type)
    }

    func apply(_ uri: String, yaml: String) async throws -> Reply {
        try await send(.patch, uri, body: Array(yaml.utf8), contentType: "application/apply-patch+yaml")
    }

    func delete(_ uri: String) async throws -> Reply {
        try await send(.delete, uri)
    }
}
