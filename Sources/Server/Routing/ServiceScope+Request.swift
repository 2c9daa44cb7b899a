import HTTPTypes
import Hummingbird
import Reconciler

extension ServiceScope {
    /// The header that carries a scope from ``ServingRouteResponder`` to the routes; a client's own is dropped.
    static let field = HTTPField.Name("x-kserve-service-scope")

    /// The scope `request` carries, or nil when it was not addressed to an InferenceService.
    static func of(_ request: Request) -> ServiceScope? {
        guard let field, let text = request.headers[field] else { return nil }
        return ServiceScope(headerValue: text)
    }
}
