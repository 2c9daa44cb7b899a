import Core
import Synchronization

/// The InferenceServices the data plane routes to and the models each serves, kept by the reconciler and read on
/// every request addressed to an InferenceService.
///
/// A request reaches an InferenceService by Host header (`NAME.NAMESPACE.DOMAIN`, `NAME-predictor.NAMESPACE.DOMAIN`
/// or the `svc.cluster.local` forms) or by path prefix (`/serving/NAMESPACE/NAME/...`, KServe's path-based
/// routing). Inside it, `/v1/models/M...` and `/v2/models/M/...` name a model the InferenceService serves (its own
/// model, named like it, or an attached TrainedModel); the path is rewritten to the model's repository key. Other
/// paths (health, server metadata, metrics) pass through unchanged.
package final class ServingRoutes: Sendable {
    package let names: ServingNames
    /// For each routed InferenceService: model name -> repository key.
    private let table = Mutex<[ServiceReference: [String: String]]>([:])

    /// The path prefix of path-based routing.
    package static let servingPrefix = "/serving"

    package init(names: ServingNames = ServingNames()) {
        self.names = names
    }

    // MARK: - Updates (from the reconciler)

    /// Routes `service` to exactly `models` (model name -> repository key).
    func setService(_ service: ServiceReference, models: [String: String]) {
        table.withLock { $0[service] = models }
    }

    func removeService(_ service: ServiceReference) {
        _ = table.withLock { $0.removeValue(forKey: service) }
    }

    /// Adds (or with nil removes) one model of a routed InferenceService; nothing when the service is not routed.
    func setModel(_ model: String, key: String?, in service: ServiceReference) {
        table.withLock { routes in
            guard routes[service] != nil else { return }
            routes[service]?[model] = key
        }
    }

    /// The models a routed InferenceService serves (model name -> repository key), or nil when it is not routed.
    package func models(of service: ServiceReference) -> [String: String]? {
        table.withLock { $0[service] }
    }

    // MARK: - Requests

    /// Where a request goes: nil when it is not addressed to an InferenceService (bare model names, the control
    /// plane), else the data-plane path to serve (query kept) and, when a model path was rewritten to a repository
    /// key that differs from the name the client used, that name. `/v2/models/stats` and `/v2/repository/index` keep
    /// their path and carry the service's models as a ``ServiceScope``. The model lists (`/v1/models`, `/v2/models`) go
    /// to `/serving/NAMESPACE/NAME/v1|v2/models`, which list the InferenceService's own models. A request for an
    /// InferenceService or a model that is not routed goes to `/serving/NAMESPACE/NAME/...`, which the fallback
    /// routes answer with a 404 that says why.
    package func destination(path: String, query: String?, host: String?) -> ServingDestination? {
        guard let found = target(path: path, host: host) else { return nil }
        let (service, rest) = found
        let suffix = query.map { "?" + $0 } ?? ""
        guard let (owner, models) = resolvedModels(service) else {
            return ServingDestination(path: Self.servicePath(service) + rest + suffix)
        }
        if Self.isModelList(rest) {
            return ServingDestination(path: Self.servicePath(owner) + Self.trimmedSlash(rest) + suffix)
        }
        if ServiceScope.scopedPaths.contains(Self.trimmedSlash(rest)) {
            return ServingDestination(path: Self.trimmedSlash(rest) + suffix, scope: ServiceScope(models: models))
        }
        guard let segment = Self.modelSegment(rest) else { return ServingDestination(path: rest + suffix) }
        guard let key = models[segment.model] else {
            return ServingDestination(path: Self.servicePath(service) + rest + suffix)
        }
        return ServingDestination(
            path: segment.prefix + key + segment.tail + suffix,
            addressedModel: key == segment.model ? nil : segment.model
        )
    }

    /// For `/serving/NAMESPACE/NAME/v1/models` (or `v2`) of a routed InferenceService, the names of its models,
    /// sorted; nil for any other path or an InferenceService that is not routed.
    package func listedModels(path: String) -> [String]? {
        guard let (service, rest) = target(path: path, host: nil), Self.isModelList(rest) else { return nil }
        return resolvedModels(service)?.models.keys.sorted()
    }

    /// `/serving/NAMESPACE/NAME`.
    static func servicePath(_ service: ServiceReference) -> String {
        "\(servingPrefix)/\(service.namespace)/\(service.name)"
    }

    /// `/v1/models` or `/v2/models`, with or without a trailing slash.
    static func isModelList(_ rest: String) -> Bool {
        let trimmed = trimmedSlash(rest)
        return trimmed == "/v1/models" || trimmed == "/v2/models"
    }

    private static func trimmedSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// Why a `/serving/...` request that reached the fallback route cannot be served.
    package func explainUnrouted(path: String) -> String {
        guard let found = target(path: path, host: nil) else {
            return "no InferenceService in the path \(path): use /serving/NAMESPACE/NAME/..."
        }
        let (service, rest) = found
        guard let models = resolvedModels(service)?.models else {
            return "InferenceService \(service.name) in namespace \(service.namespace) does not exist or is not "
                + "served yet"
        }
        let served = models.keys.sorted()
        let list = served.isEmpty ? "no models yet" : served.joined(separator: ", ")
        if let model = Self.modelSegment(rest)?.model {
            return "model \(model) is not served by InferenceService \(service.name) in namespace "
                + "\(service.namespace) (it serves \(list))"
        }
        return "no route for \(rest) on InferenceService \(service.name) in namespace \(service.namespace)"
    }

    /// The InferenceService a request is addressed to and the path inside it.
    private static let servingPrefixSlash = servingPrefix + "/"

    private func target(path: String, host: String?) -> (ServiceReference, String)? {
        let prefix = Self.servingPrefixSlash
        if path.hasPrefix(prefix) {
            let parts = path.dropFirst(prefix.count).split(
                separator: "/",
                maxSplits: 2,
                omittingEmptySubsequences: false
            )
            guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            let rest = parts.count == 3 ? "/" + parts[2] : "/"
            return (ServiceReference(namespace: String(parts[0]), name: String(parts[1])), rest)
        }
        guard let host, let service = names.service(forHost: host) else { return nil }
        return (service, path)
    }

    /// The routed InferenceService a reference names (itself, or the owner of a predictor component
    /// `NAME-predictor`) and its models.
    private func resolvedModels(_ service: ServiceReference) -> (owner: ServiceReference, models: [String: String])? {
        table.withLock { routes in
            if let models = routes[service] { return (service, models) }
            let suffix = "-predictor"
            guard service.name.hasSuffix(suffix) else { return nil }
            let owner = ServiceReference(
                namespace: service.namespace,
                name: String(service.name.dropLast(suffix.count))
            )
            return routes[owner].map { (owner, $0) }
        }
    }

    /// The model a V1 or V2 model path names: `/v1/models/M:predict` -> (`/v1/models/`, `M`, `:predict`),
    /// `/v2/models/M/infer` -> (`/v2/models/`, `M`, `/infer`); nil for other paths and the model lists.
    package static func modelSegment(_ path: String) -> (prefix: String, model: String, tail: String)? {
        for prefix in ["/v1/models/", "/v2/models/"] where path.hasPrefix(prefix) {
            let after = path.dropFirst(prefix.count)
            let end = after.firstIndex { $0 == "/" || (prefix == "/v1/models/" && $0 == ":") } ?? after.endIndex
            let raw = after[..<end]
            guard !raw.isEmpty, let model = PercentEncoding.decode(String(raw)) else { return nil }
            return (prefix, model, String(after[end...]))
        }
        return nil
    }
}

/// Where ``ServingRoutes`` sends a request addressed to an InferenceService.
package struct ServingDestination: Equatable, Sendable {
    /// The data-plane path (with the query).
    package var path: String
    /// The model name the client used, when the path now names the model by a different repository key.
    package var addressedModel: String?
    /// For the repository-wide statistics and index: the service's models, which alone are listed.
    package var scope: ServiceScope?
}
