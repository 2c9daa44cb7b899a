import HTTPTypes
import Hummingbird
import Inference
import Runtime

/// The models of the InferenceService that a repository-wide request (`/v2/models/stats`, `/v2/repository/index`)
/// was addressed to, so that its answer lists only that service's models, named as its clients name them.
///
/// Like ``AddressedModel`` it travels in a request header that only ``ServingRouteResponder`` sets (a client's own
/// header of that name is dropped): `name=key` pairs separated by commas, each part percent-encoded as a path segment.
struct ServiceScope: Equatable, Sendable {
    static let field = HTTPField.Name("x-kserve-service-scope")

    /// Repository key -> the name clients of the service use.
    var names: [String: String]

    /// The paths answered per service rather than for the whole repository.
    static let scopedPaths: Set<String> = ["/v2/models/stats", "/v2/repository/index"]

    /// `models` is model name -> repository key, as ``ServingRoutes`` keeps it.
    init(models: [String: String]) {
        var names: [String: String] = [:]
        for (name, key) in models { names[key] = name }
        self.names = names
    }

    /// The scope `request` carries, or nil when it was not addressed to an InferenceService.
    static func of(_ request: Request) -> ServiceScope? {
        guard let field, let text = request.headers[field] else { return nil }
        return ServiceScope(headerValue: text)
    }

    /// Whether the model with repository key `key` belongs to the scope, and the name to show for it.
    func shownName(ofKey key: String) -> String? { names[key] }

    /// What a listing shows of `statuses` and under which name: every model by its key without a scope, else the
    /// scope's models alone, by the names their clients use.
    static func listed(_ statuses: [ModelStatus], in scope: ServiceScope?) -> [(status: ModelStatus, name: String)] {
        guard let scope else { return statuses.map { ($0, $0.name) } }
        return statuses.compactMap { status in scope.shownName(ofKey: status.name).map { (status, $0) } }
    }

    var headerValue: String {
        names.sorted { $0.key < $1.key }.map { key, name in pathSegment(name) + "=" + pathSegment(key) }
            .joined(separator: ",")
    }

    init?(headerValue: String) {
        var names: [String: String] = [:]
        for pair in headerValue.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let name = Self.decode(parts[0]), let key = Self.decode(parts[1]) else {
                return nil
            }
            names[key] = name
        }
        self.names = names
    }

    private static func decode(_ text: Substring) -> String? {
        PathParameters.percentDecoded(String(text))
    }
}
