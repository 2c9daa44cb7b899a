/// A `contexts[].context` entry: which cluster, as which user, in which namespace.
public struct KubeContext: Sendable, Hashable {
    public var cluster: String
    public var user: String
    public var namespace: String?
    /// The file that defined it.
    public var source: String

    public init(cluster: String, user: String = "", namespace: String? = nil, source: String = "") {
        self.cluster = cluster
        self.user = user
        self.namespace = namespace
        self.source = source
    }
}
