import Core
import HTTPServing
import HTTPTypes
import Hummingbird
import Reconciler

/// Routes requests addressed to an InferenceService (by Host header or `/serving/NAMESPACE/NAME/...`) onto the data
/// plane's model routes, in front of a router.
///
/// Hummingbird runs a router's middleware only after the route is matched, so the path has to be rewritten before
/// the router sees the request: this responder wraps the router's responder. Requests not addressed to an
/// InferenceService (bare model names, the control plane) reach the router untouched; the router's own middleware
/// (errors, auth) applies to every request either way.
package struct ServingRouteResponder<Context: RequestContext>: HTTPResponder {
    let inner: RouterResponder<Context>
    let routes: ServingRoutes

    /// Adds the InferenceService routes to `router` (after its middleware, so that it applies) and builds its
    /// responder.
    package init(router: Router<Context>, routes: ServingRoutes) {
        Self.addServiceRoutes(to: router, routes: routes)
        self.inner = router.buildResponder()
        self.routes = routes
    }

    /// `Host`, which HTTPTypes only offers as the request's authority.
    private static var hostField: HTTPField.Name? { HTTPFieldNames.host }

    package func respond(to request: Request, context: Context) async throws -> Response {
        var head = request.head
        // Only this responder says which name a client used and which service's models a listing covers; a
        // client's own headers of those names are dropped.
        var stripped = false
        for field in [AddressedModel.field, ServiceScope.field] {
            guard let field, head.headerFields[field] != nil else { continue }
            head.headerFields[field] = nil
            stripped = true
        }
        // HTTP/1 servers move the Host header into the authority; a Host field still present was set explicitly.
        let host = Self.hostField.flatMap { head.headerFields[$0] } ?? head.authority
        guard let destination = routes.destination(path: request.uri.path, query: request.uri.query, host: host)
        else {
            guard stripped else { return try await inner.respond(to: request, context: context) }
            return try await inner.respond(to: Request(head: head, body: request.body), context: context)
        }
        head.path = destination.path
        if let model = destination.addressedModel, let field = AddressedModel.field {
            head.headerFields[field] = model
        }
        if let scope = destination.scope, let field = ServiceScope.field {
            head.headerFields[field] = scope.headerValue
        }
        return try await inner.respond(to: Request(head: head, body: request.body), context: context)
    }

    /// `/serving/...` requests end here: the model lists of a routed InferenceService (where ``ServingRoutes``
    /// sends `/v1/models` and `/v2/models` addressed to it), else a 404 that says why. One catch-all route: the
    /// router refuses parameter routes beside a recursive wildcard.
    static func addServiceRoutes(to router: Router<Context>, routes: ServingRoutes) {
        let methods: [HTTPRequest.Method] = [.get, .post, .put, .delete, .patch, .head]
        for path in [ServingRoutes.servingPrefix, ServingRoutes.servingPrefix + "/**"] {
            for method in methods {
                router.on(RouterPath(path), method: method) { request, _ -> Response in
                    if method == .get, let names = routes.listedModels(path: request.uri.path) {
                        return JSONResponse.make(["models": .array(names.map(Value.string))])
                    }
                    throw APIError(.notFound, routes.explainUnrouted(path: request.uri.path))
                }
            }
        }
    }
}

/// Header names made once rather than on every request (a generic type cannot hold static stored properties).
private enum HTTPFieldNames {
    static let host = HTTPField.Name("Host")
}
