import Core
import HTTPServing
import HTTPTypes
import Hummingbird
import Logging
import Resources

/// The Kubernetes API subset for serving.kserve.io that `kserve serve` answers beside the data plane: discovery,
/// namespaces, and create / get / list / watch / update / patch / delete and the status subresource of
/// InferenceServices, TrainedModels, ServingRuntimes and ClusterServingRuntimes over a ``ResourceStore``.
package final class ControlPlane: Sendable {
    package let store: ResourceStore
    let maxBodyBytes: Int
    let serverVersion: String
    let bookmarkInterval: Duration
    let logger: Logger

    /// - Parameter bookmarkInterval: how often a watch that allows bookmarks gets one.
    package init(
        store: ResourceStore,
        maxBodyBytes: Int = 8 << 20,
        serverVersion: String = "0.1.0",
        bookmarkInterval: Duration = .seconds(30),
        logger: Logger = Logger(label: "kserve.control-plane", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.store = store
        self.maxBodyBytes = maxBodyBytes
        self.serverVersion = serverVersion
        self.bookmarkInterval = bookmarkInterval
        self.logger = logger
    }

    /// Mounts the API under `/api`, `/apis`, `/version` and `/openapi`.
    package func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
        for path in ["/api", "/api/**", "/apis", "/apis/**", "/version", "/openapi/**"] {
            for method in methods {
                router.on(RouterPath(path), method: method) { request, _ in
                    await self.handle(request)
                }
            }
        }
    }

    /// Answers one API request; every failure becomes a `metav1.Status`.
    func handle(_ request: Request) async -> Response {
        do {
            return try await route(request)
        } catch let status as KubeStatus {
            return Self.response(status)
        } catch let error as KServeError {
            return Self.response(KubeStatus.from(error))
        } catch let error as APIError {
            let code = Int(error.status.code)
            return Self.response(
                KubeStatus(code: code, reason: KubeStatus.reason(forStatus: code), message: error.message)
            )
        } catch {
            logger.error("control plane: \(request.method) \(request.uri.path): \(error)")
            return Self.response(KubeStatus(code: 500, reason: "InternalError", message: "internal error: \(error)"))
        }
    }

    private func route(_ request: Request) async throws -> Response {
        let path = RequestPath.normalized(request.uri.path)
        let method = request.method
        if let discovery = try discovery(path, request: request) {
            guard method == .get else { throw KubeStatus.methodNotAllowed("\(method) is not allowed on \(path)") }
            return discovery
        }
        guard let target = APIPath.parse(path) else {
            throw KubeStatus(
                code: 404,
                reason: "NotFound",
                message: "the server could not find the requested resource (\(method) \(path))"
            )
        }
        let query = request.uri.queryParameters.map { (key: String($0.key), value: String($0.value)) }
        let options = try ListOptions(query: query)
        let call = APICall(
            path: target,
            options: options,
            table: ResourceTable.isRequested(accept: request.headers[.accept]),
            includeObject: query.last { $0.key == "includeObject" }?.value ?? "Metadata",
            manager: options.fieldManager ?? Self.manager(userAgent: request.headers[.userAgent])
        )
        switch target.target {
        case .namespaces:
            return try await namespaces(request, call)
        case .resource(let kind):
            return try await resource(kind, request, call)
        }
    }

    private func resource(_ kind: ResourceKind, _ request: Request, _ call: APICall) async throws -> Response {
        let path = call.path
        guard let name = path.name else {
            switch request.method {
            case .get:
                return call.options.watch ? try await watch(kind, call) : try await list(kind, call)
            case .post:
                guard !kind.namespaced || path.namespace != nil else {
                    throw KubeStatus.methodNotAllowed("create needs a namespace in the path for \(kind.plural)")
                }
                return try await create(kind, request, call)
            case .delete:
                return try await deleteCollection(kind, call)
            default:
                throw KubeStatus.methodNotAllowed("\(request.method) is not allowed on a collection of \(kind.plural)")
            }
        }
        if kind.namespaced, path.namespace == nil { throw KubeStatus.notFound(kind, name) }
        switch request.method {
        case .get:
            return try await get(kind, name: name, call)
        case .put:
            return try await replace(kind, name: name, request, call)
        case .patch:
            return try await patch(kind, name: name, request, call)
        case .delete where path.subresource == nil:
            return try await delete(kind, name: name, request, call)
        default:
            throw KubeStatus.methodNotAllowed("\(request.method) is not allowed on \(request.uri.path)")
        }
    }

    /// Discovery, version and OpenAPI documents; nil for a path that is none of them.
    private func discovery(_ path: String, request: Request) throws -> Response? {
        switch path {
        case "/version":
            return Self.response(Discovery.version(serverVersion))
        case "/api":
            let host = request.head.authority ?? "127.0.0.1"
            return Self.response(Discovery.apiVersions(serverAddress: host))
        case "/api/v1":
            return Self.response(Discovery.coreResources)
        case "/apis":
            return Self.response(Discovery.groupList)
        case "/apis/" + ResourceKind.servingGroup:
            return Self.response(Discovery.group)
        default:
            let prefix = "/apis/\(ResourceKind.servingGroup)/"
            if path.hasPrefix(prefix) {
                let version = String(path.dropFirst(prefix.count))
                if !version.contains("/") {
                    guard let document = Discovery.resources(version: version) else {
                        throw KubeStatus(
                            code: 404,
                            reason: "NotFound",
                            message: "the server could not find the requested resource (\(path))"
                        )
                    }
                    return Self.response(document)
                }
            }
            if path == "/openapi/v3" { return Self.response(OpenAPI.root(hash: openAPIHash)) }
            if path.hasPrefix("/openapi/v3/"),
                let document = OpenAPI.document(
                    String(path.dropFirst("/openapi/v3/".count)),
                    serverVersion: serverVersion
                )
            {
                return Self.response(document)
            }
            if path.hasPrefix("/openapi/") {
                throw KubeStatus(code: 404, reason: "NotFound", message: "the server could not find \(path)")
            }
            return nil
        }
    }

    // MARK: - Helpers

    /// Changes with the server's version, so that clients' cached OpenAPI documents are refreshed on upgrades.
    var openAPIHash: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in serverVersion.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    /// The parts of a request every handler needs.
    struct APICall: Sendable {
        var path: APIPath
        var options: ListOptions
        var table: Bool
        var includeObject: String
        var manager: String
    }

    /// The field manager Kubernetes derives from a User-Agent: its product token (`kubectl/v1.32 ...` -> `kubectl`).
    static func manager(userAgent: String?) -> String {
        guard let userAgent, let first = userAgent.split(separator: "/").first, !first.isEmpty else {
            return "unknown"
        }
        return String(first.prefix(128))
    }

    static func response(_ value: Value, status: Int = 200) -> Response {
        JSONResponse.make(value, status: HTTPResponse.Status(code: status))
    }

    static func response(_ status: KubeStatus) -> Response {
        response(status.value, status: status.code)
    }

    /// The request body as a value: JSON, or YAML for apply patches and YAML content types.
    func body(_ request: Request, yaml: Bool = false) async throws -> Value {
        let bytes = try await BodyReader.read(request, limit: maxBodyBytes)
        guard !bytes.isEmpty else { throw KubeStatus.badRequest("the request body is empty") }
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        do {
            if yaml || contentType.contains("yaml") {
                return try YAMLParser.parse(bytes, source: "request body")
            }
            return try JSONParser.parse(bytes, source: "request body")
        } catch {
            throw KubeStatus.badRequest("the request body could not be decoded: \(error.message)")
        }
    }

    /// An object (or list) answer: as a one-row Table when kubectl asked for one.
    func objectResponse(_ object: StoredObject, _ call: APICall, status: Int = 200) -> Response {
        guard call.table else { return Self.response(object.value, status: status) }
        let table = ResourceTable.table(
            object.kind,
            objects: [object.value],
            listMetadata: ["resourceVersion": .string(String(object.resourceVersion))],
            now: Int(Clock.epochSeconds()),
            includeObject: call.includeObject
        )
        return Self.response(table, status: status)
    }

    static func now() -> Int { Int(Clock.epochSeconds()) }
}
