/// The KServe resource kinds this tool reads, deploys and serves, with the names the Kubernetes API uses for them.
public enum ResourceKind: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case inferenceService = "InferenceService"
    case trainedModel = "TrainedModel"
    case servingRuntime = "ServingRuntime"
    case clusterServingRuntime = "ClusterServingRuntime"

    /// The API group shared by all four kinds.
    public static let servingGroup = "serving.kserve.io"

    /// The `kind` field value.
    public var kind: String { rawValue }

    public var group: String { Self.servingGroup }

    public var version: String {
        switch self {
        case .inferenceService: return "v1beta1"
        case .trainedModel, .servingRuntime, .clusterServingRuntime: return "v1alpha1"
        }
    }

    /// `group/version`, the `apiVersion` field value.
    public var apiVersion: String { "\(group)/\(version)" }

    /// The resource name in API paths (`inferenceservices`).
    public var plural: String { kind.lowercased() + "s" }

    public var singular: String { kind.lowercased() }

    public var shortNames: [String] {
        switch self {
        case .inferenceService: return ["isvc"]
        case .trainedModel: return ["tm"]
        case .servingRuntime, .clusterServingRuntime: return []
        }
    }

    /// False for cluster-scoped kinds, which ignore any namespace.
    public var namespaced: Bool { self != .clusterServingRuntime }

    public var description: String { kind }

    /// The kind with exactly this `kind` field value.
    public init?(kind: String) {
        self.init(rawValue: kind)
    }

    /// The kind a user names on a command line: kind, plural, singular or short name in any case, optionally
    /// qualified by the group (`isvc`, `InferenceServices`, `inferenceservices.serving.kserve.io`).
    public static func named(_ name: String) -> ResourceKind? {
        var lowered = name.lowercased()
        let groupSuffix = "." + servingGroup
        if lowered.hasSuffix(groupSuffix) { lowered.removeLast(groupSuffix.count) }
        return allCases.first { kind in
            kind.singular == lowered || kind.plural == lowered || kind.shortNames.contains(lowered)
        }
    }

    /// `/apis/GROUP/VERSION[/namespaces/NS]/PLURAL`; the namespace is left out for cluster-scoped kinds or when nil
    /// (a list across all namespaces).
    public func collectionPath(namespace: String?) -> String {
        var path = "/apis/\(group)/\(version)"
        if namespaced, let namespace { path += "/namespaces/\(namespace)" }
        return path + "/" + plural
    }

    /// The path of one named object.
    public func objectPath(name: String, namespace: String?) -> String {
        collectionPath(namespace: namespace) + "/" + name
    }
}
