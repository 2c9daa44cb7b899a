import Core

/// The configuration of a process running in a pod: the API server from `KUBERNETES_SERVICE_HOST`/`PORT`, the
/// service account's CA and (rotating) token, and its namespace.
enum InClusterConfig {
    static let contextName = "in-cluster"

    /// Nil when not running in a cluster (variables unset or no token file).
    static func load(environment: [String: String], directory: String) throws(KServeError) -> KubeConfig? {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else { return nil }
        let tokenFile = FilePath.resolve("token", against: directory)
        guard KubeConfig.fileExists(tokenFile) else { return nil }

        let hostPart = host.contains(":") ? "[\(host)]" : host
        let caFile = FilePath.resolve("ca.crt", against: directory)
        let cluster = KubeCluster(
            server: "https://\(hostPart):\(port)",
            certificateAuthority: KubeConfig.fileExists(caFile) ? caFile : nil,
            source: directory
        )
        var user = KubeUser(source: directory)
        user.tokenFile = tokenFile

        var namespace = environment["POD_NAMESPACE"].flatMap { $0.isEmpty ? nil : $0 }
        if namespace == nil {
            let path = FilePath.resolve("namespace", against: directory)
            if KubeConfig.fileExists(path), let bytes = try? InputFile.read(path) {
                let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
                namespace = text.isEmpty ? nil : text
            }
        }
        return KubeConfig(
            currentContext: contextName,
            contexts: [contextName: KubeContext(cluster: contextName, user: contextName, namespace: namespace)],
            clusters: [contextName: cluster],
            users: [contextName: user],
            isInCluster: true
        )
    }
}
