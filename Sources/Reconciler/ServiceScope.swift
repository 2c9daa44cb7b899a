import Core
import Runtime

/// The models of the InferenceService that a repository-wide request (`/v2/models/stats`, `/v2/repository/index`)
/// was addressed to, so that its answer lists only that service's models, named as its clients name them.
///
/// The data plane carries it in a request header that only its router sets (a client's own header of that name is
/// dropped): `name=key` pairs separated by commas, each part percent-encoded as a path segment.
package struct ServiceScope: Equatable, Sendable {
    /// Repository key -> the name clients of the service use.
    package var names: [String: String]

    /// The paths answered per service rather than for the whole repository.
    package static let scopedPaths: Set<String> = ["/v2/models/stats", "/v2/repository/index"]

    /// `models` is model name -> repository key, as ``ServingRoutes`` keeps it.
    init(models: [String: String]) {
        var names: [String: String] = [:]
        for (name, key) in models { names[key] = name }
        self.names = names
    }

    /// Whether the model with repository key `key` belongs to the scope, and the name to show for it.
    package func shownName(ofKey key: String) -> String? { names[key] }

    /// What a listing shows of `statuses` and under which name: every model by its key without a scope, else the
    /// scope's models alone, by the names their clients use.
    package static func listed(
        _ statuses: [ModelStatus],
        in scope: ServiceScope?
    ) -> [(status: ModelStatus, name: String)] {
        guard let scope else { return statuses.map { ($0, $0.name) } }
        return statuses.compactMap { status in scope.shownName(ofKey: status.name).map { (status, $0) } }
    }

    package var headerValue: String {
        names.sorted { $0.key < $1.key }.map { key, name in
            PercentEncoding.encode(name) + "=" + PercentEncoding.encode(key)
        }
        .joined(separator: ",")
    }

    package init?(headerValue: String) {
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
        PercentEncoding.decode(String(text))
    }
}
