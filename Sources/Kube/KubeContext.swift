/// A `contexts[].context` entry: which cluster, as which user, in which namespace.
package struct KubeContext: Sendable, Hashable {
    package var cluster: String
    package var user: String
    package var namespace: String?
    /// The file that defined it.
    package var source: String

    package init(cluster: String, user: String = "", namespace: String? = nil, source: String = "") {
        self.cluster = cluster
        self.user = user
        self.namespace = namespace
        self.source = source
    }
}
