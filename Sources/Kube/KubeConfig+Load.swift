import Core

extension KubeConfig {
    /// The service account directory every pod has mounted.
    package static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Loads the configuration the way kubectl does:
    /// `explicitPath` (`--kubeconfig`, only that file, which must exist), else the `KUBECONFIG` list
    /// (`:`-separated, missing files skipped, merged first-wins), else `HOME/.kube/config`; when none of them holds
    /// anything and `KUBERNETES_SERVICE_HOST`/`PORT` are set with a service account token, the in-cluster
    /// configuration.
    package static func load(
        explicitPath: String?,
        environment: [String: String],
        home: String?,
        serviceAccountDirectory: String = KubeConfig.serviceAccountDirectory
    ) throws(KServeError) -> KubeConfig {
        var config = KubeConfig(environment: environment)
        if let explicitPath, !explicitPath.isEmpty {
            config.searched = [explicitPath]
            guard fileExists(explicitPath) else {
                throw KServeError(.invalidInput, "kubeconfig \(explicitPath) does not exist")
            }
            config.merge(try read(explicitPath))
            return config
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var seen: Set<String> = []
            for path in list.split(separator: ":").map(String.init) where !path.isEmpty {
                guard seen.insert(path).inserted else { continue }
                config.searched.append(path)
                if fileExists(path) { config.merge(try read(path)) }
            }
        } else if let home, !home.isEmpty {
            let path = FilePath.resolve(".kube/config", against: home)
            config.searched = [path]
            if fileExists(path) { config.merge(try read(path)) }
        }
        if config.isEmpty,
            let inCluster = try InClusterConfig.load(
                environment: environment,
                directory: serviceAccountDirectory
            )
        {
            var merged = inCluster
            merged.environment = environment
            merged.searched = config.searched
            return merged
        }
        return config
    }

    /// Adds `file`'s stanzas; whatever an earlier file set stays (first wins, whole stanzas).
    mutating func merge(_ file: KubeConfigFile) {
        sources.append(file.path)
        if currentContext == nil { currentContext = file.currentContext }
        for (name, cluster) in file.clusters where clusters[name] == nil { clusters[name] = cluster }
        for (name, user) in file.users where users[name] == nil { users[name] = user }
        for (name, context) in file.contexts where contexts[name] == nil { contexts[name] = context }
    }

    private static func read(_ path: String) throws(KServeError) -> KubeConfigFile {
        let bytes: [UInt8]
        do throws(KServeError) {
            bytes = try InputFile.read(path)
        } catch {
            throw KServeError(.io, "cannot read kubeconfig: \(error.message)", cause: error)
        }
        return try KubeConfigFile(bytes: bytes, path: path)
    }

    static func fileExists(_ path: String) -> Bool { FileSystem.exists(path) }
}
