import HTTPTypes
import Hummingbird

/// Routes requests addressed to an InferenceService (by Host header or `/serving/NAMESPACE/NAME/...`) onto the data
/// plane's model routes, in front of a router.
///
/// Hummingbird runs a router's middleware only after the route is matched, so the path has to be rewritten before
/// the router sees the request: this responder wraps the router's responder. Requests not addressed to an
/// InferenceService (bare model names, the control plane) reach the router untouched; the router's own middleware
/// (errors, auth) applies to every request either way.
public struct ServingRouteResponder<Context: RequestContext>: HTTPResponder {
    let inner: RouterResponder<Context>
    let routes: ServingRoutes

    /// Adds the fallback routes to `router` (after its middleware, so that they apply) and builds its responder.
    public init(router: Router<Context>, routes: ServingRoutes) {
        Self.addFallbackRoutes(to: router, routes: routes)
        self.inner = router.buildResponder()
        self.routes = routes
    }

    /// `Host`, which HTTPTypes only offers as the request's authority.
    private static var hostField: HTTPField.Name? { HTTPField.Name("Host") }

    public func respond(to request: Request, context: Context) async throws -> Response {
        // HTTP/1 servers move the Host header into the authority; a Host field still present was set explicitly.
        let host = Self.hostField.flatMap { request.headers[$0] } ?? request.head.authority
        guard let path = routes.destination(path: request.uri.path, query: request.uri.query, host: host) else {
            return try await inner.respond(to: request, context: context)
        }
        var head = request.head
        head.path = path
        return try await inner.respond(to: Request(head: head, body: request.body), context: context)
    }

    /// `/serving/...` requests that name no routed InferenceService or model end here, with a 404 that says why.
    static func addFallbackRoutes(to router: Router<Context>, routes: ServingRoutes) {
        let methods: [HTTPRequest.Method] = [.get, .post, .put, .delete, .patch, .head]
        for path in [ServingRoutes.servingPrefix, ServingRoutes.servingPrefix + "/**"] {
            for method in methods {
                router.on(RouterPath(path), method: method) { request, _ -> Response in
                    throw APIError(.notFound, routes.explainUnrouted(path: request.uri.path))
                }
            }
        }
    }
}
