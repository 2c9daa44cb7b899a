import HTTPServing
import HTTPTypes
import Inference
import NIOHTTP1
import Reconciler

/// A `POST /v2/models/M[/versions/V]/infer` or `POST /v1/models/M:predict` request that ``InferenceFastPath``
/// answers itself: a plain HTTP/1.1
/// keep-alive request with a declared body length within the limit, addressed by model name. Everything else (the
/// InferenceService forms, percent-encoded names, chunked bodies, `Expect`, a missing or wrong token, HTTP/1.0,
/// `Connection: close`) goes to the router, which answers it as it always has.
struct FastInferRoute: Sendable {
    var wireProtocol: ServerMetrics.WireProtocol
    var model: String
    var version: String?
    var path: String
    var bodyLength: Int
    /// The `Inference-Header-Content-Length` header, unparsed (the data plane reports a bad one as the router does).
    var inferenceHeader: String?

    /// What the decision needs besides the request.
    struct Limits: Sendable {
        var maxBodyBytes: Int
        /// The bearer token requests must carry, as bytes; nil when the server has none.
        var token: [UInt8]?
        var routes: ServingRoutes
    }

    static let v2Prefix = "/v2/models/"
    static let v1Prefix = "/v1/models/"

    /// The route for `head`, or nil when the router should answer it.
    static func match(_ head: HTTPRequestHead, limits: Limits) -> FastInferRoute? {
        guard head.method == .POST, head.version == .http1_1, head.isKeepAlive else { return nil }
        let uri = head.uri
        guard !uri.utf8.contains(where: isRouterOnly) else { return nil }
        let wireProtocol: ServerMetrics.WireProtocol
        let name: String
        var version: String?
        if uri.hasPrefix(v2Prefix), let target = v2Target(uri.utf8.dropFirst(v2Prefix.utf8.count)) {
            wireProtocol = .v2
            name = target.model
            version = target.version
        } else if uri.hasPrefix(v1Prefix), let model = v1Target(uri.utf8.dropFirst(v1Prefix.utf8.count)) {
            wireProtocol = .v1
            name = model
        } else {
            return nil
        }
        guard let bodyLength = declaredLength(head.headers, limit: limits.maxBodyBytes) else { return nil }
        let headers = head.headers
        guard !headers.contains(name: "expect"), !headers.contains(name: "transfer-encoding") else { return nil }
        // Only the router sets these, from the InferenceService a request addresses; it drops a client's own.
        for field in [AddressedModel.field, ServiceScope.field] {
            if let field, headers.contains(name: field.rawName) { return nil }
        }
        if let token = limits.token, !authorized(headers, token: token) { return nil }
        let hosts = headers["host"]
        guard hosts.count <= 1 else { return nil }
        guard limits.routes.destination(path: uri, query: nil, host: hosts.first) == nil else { return nil }
        let inferenceHeaders = headers[BinaryBody.headerName]
        guard inferenceHeaders.count <= 1 else { return nil }
        return FastInferRoute(
            wireProtocol: wireProtocol,
            model: name,
            version: version,
            path: uri,
            bodyLength: bodyLength,
            inferenceHeader: inferenceHeaders.first
        )
    }

    /// `M/infer` or `M/versions/V/infer`: the model and the version, if named.
    private static func v2Target(_ rest: Substring.UTF8View) -> (model: String, version: String?)? {
        let segments = rest.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        let model: Substring.UTF8View
        var version: String?
        switch segments.count {
        case 2 where segments[1].elementsEqual("infer".utf8):
            model = segments[0]
        case 4 where segments[1].elementsEqual("versions".utf8) && segments[3].elementsEqual("infer".utf8):
            model = segments[0]
            guard !segments[2].isEmpty, let text = String(segments[2]) else { return nil }
            version = text
        default:
            return nil
        }
        guard !model.isEmpty, let name = String(model) else { return nil }
        return (name, version)
    }

    /// `M:predict`, one path segment (the router splits the verb off at the last colon too).
    private static func v1Target(_ rest: Substring.UTF8View) -> String? {
        let verb = ":predict".utf8
        guard !rest.contains(UInt8(ascii: "/")), rest.count > verb.count, rest.suffix(verb.count).elementsEqual(verb)
        else { return nil }
        return String(rest.dropLast(verb.count))
    }

    /// Bytes that make a path the router's business: a query or fragment, percent-encoding.
    private static func isRouterOnly(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "%")
    }

    /// The one `Content-Length`, when it is a number within the limit.
    private static func declaredLength(_ headers: HTTPHeaders, limit: Int) -> Int? {
        let values = headers["content-length"]
        guard values.count == 1, let length = Int(values[0]), length >= 0, length <= limit else { return nil }
        return length
    }

    /// The bearer-token rule of ``AuthMiddleware``; a request that fails it goes to the router, which says why.
    private static func authorized(_ headers: HTTPHeaders, token: [UInt8]) -> Bool {
        let values = headers["authorization"]
        guard values.count == 1 else { return false }
        let header = values[0]
        return BearerToken.hasScheme(header)
            && BearerToken.equal(header.utf8.dropFirst(BearerToken.scheme.count), token)
    }
}
