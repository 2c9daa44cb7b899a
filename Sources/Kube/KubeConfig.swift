import Core

/// The merged kubeconfig, as kubectl reads it: named clusters, users and contexts, and the current context.
///
/// ``load(explicitPath:environment:home:serviceAccountDirectory:)`` finds and merges the files;
/// ``resolve(context:namespace:)`` turns one context into a ``ClusterConnection``.
package struct KubeConfig: Sendable {
    package var currentContext: String?
    package var contexts: [String: KubeContext]
    package var clusters: [String: KubeCluster]
    package var users: [String: KubeUser]
    /// The files that were read, in the order they were merged; empty for in-cluster or no configuration.
    package var sources: [String]
    /// Where the loader looked, for the message when nothing was found.
    package var searched: [String]
    /// True when the configuration comes from the pod's service account, not from a file.
    package var isInCluster: Bool
    /// The environment exec credential plugins inherit.
    package var environment: [String: String]

    package init(
        currentContext: String? = nil,
        contexts: [String: KubeContext] = [:],
        clusters: [String: KubeCluster] = [:],
        users: [String: KubeUser] = [:],
        sources: [String] = [],
        searched: [String] = [],
        isInCluster: Bool = false,
        environment: [String: String] = [:]
    ) {
        self.currentContext = currentContext
        self.contexts = contexts
        self.clusters = clusters
        self.users = users
        self.sources = sources
        self.searched = searched
        self.isInCluster = isInCluster
        self.environment = environment
    }

    /// True when no file defined anything: callers may then fall back to a local server.
    package var isEmpty: Bool { contexts.isEmpty && clusters.isEmpty && users.isEmpty && currentContext == nil }

    /// The context names, sorted.
    package var contextNames: [String] { contexts.keys.sorted() }
}
