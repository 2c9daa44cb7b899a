/// The KServe resource kinds this tool reads, deploys and serves, with the names the Kubernetes API uses for them.
package enum ResourceKind: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case inferenceService = "InferenceService"
    case trainedModel = "TrainedModel"
    case servingRuntime = "ServingRuntime"
    case clusterServingRuntime = "ClusterServingRuntime"

    /// The API group shared by all four kinds.
    package static let servingGroup = "serving.kserve.io"

    /// The `kind` field value.
    package var kind: String { rawValue }

    package var group: String { Self.servingGroup }

    package var version: String {
        switch self {
        case .inferenceService: return "v1beta1"
        case .trainedModel, .servingRuntime, .clusterServingRuntime: return "v1alpha1"
        }
    }

    /// `group/version`, the `apiVersion` field value.
    package var apiVersion: String { "\(group)/\(version)" }

    /// The resource name in API paths (`inferenceservices`).
    package var plural: String { kind.lowercased() + "s" }

    package var singular: String { kind.lowercased() }

    package var shortNames: [String] {
        switch self {
        case .inferenceService: return ["isvc"]
        case .trainedModel: return ["tm"]
        case .servingRuntime, .clusterServingRuntime: return []
        }
    }

    /// False for cluster-scoped kinds, which ignore any namespace.
    package var namespaced: Bool { self != .clusterServingRuntime }

    package var description: String { kind }

    /// The kind with exactly this `kind` field value.
    package init?(kind: String) {
        self.init(rawValue: kind)
    }

    /// The kind a user names on a command line: kind, plural, singular or short name in any case, optionally
    /// qualified by the group (`isvc`, `InferenceServices`, `inferenceservices.serving.kserve.io`).
    package static func named(_ name: String) -> ResourceKind? {
        var lowered = name.lowercased()
        let groupSuffix = "." + servingGroup
        if lowered.hasSuffix(groupSuffix) { lowered.removeLast(groupSuffix.count) }
        return allCases.first { kind in
            kind.singular == lowered || kind.plural == lowered || kind.shortNames.contains(lowered)
        }
    }

    /// `/apis/GROUP/VERSION[/namespaces/NS]/PLURAL`; the namespace is left out for cluster-scoped kinds or when nil
    /// (a list across all namespaces).
    package func collectionPath(namespace: String?) -> String {
        var path = "/apis/\(group)/\(version)"
        if namespaced, let namespace { path += "/namespaces/\(namespace)" }
        return path + "/" + plural
    }

    /// The path of one named object.
    package func objectPath(name: String, namespace: String?) -> String {
        collectionPath(namespace: namespace) + "/" + name
    }
}
