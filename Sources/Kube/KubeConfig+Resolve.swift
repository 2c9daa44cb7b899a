import Core
import CurlHTTP

extension KubeConfig {
    /// Resolves a context (`context`, else `current-context`) into a connection; `namespace` (the `-n` flag) wins
    /// over the context's namespace, and `default` is the last resort.
    package func resolve(context: String?, namespace: String?) throws(KServeError) -> ClusterConnection {
        let contextName = try chooseContext(context)
        guard let entry = contexts[contextName] else {
            let known = contextNames.isEmpty ? "" : " (known: \(contextNames.joined(separator: ", ")))"
            throw KServeError(.invalidInput, "context \"\(contextName)\" does not exist in \(whereFrom)\(known)")
        }
        guard let cluster = clusters[entry.cluster] else {
            throw KServeError(
                .invalidInput,
                "cluster \"\(entry.cluster)\" of context \"\(contextName)\" does not exist in \(whereFrom)"
            )
        }
        guard !cluster.server.isEmpty else {
            throw KServeError(.invalidInput, "cluster \"\(entry.cluster)\" in \(cluster.source) has no server")
        }
        var user = KubeUser()
        if !entry.user.isEmpty {
            guard let found = users[entry.user] else {
                throw KServeError(
                    .invalidInput,
                    "user \"\(entry.user)\" of context \"\(contextName)\" does not exist in \(whereFrom)"
                )
            }
            user = found
        }

        var tls = TLSOptions()
        if cluster.insecureSkipTLSVerify
            && (cluster.certificateAuthority != nil || cluster.certificateAuthorityData != nil)
        {
            throw KServeError(
                .invalidInput,
                "cluster \"\(entry.cluster)\" in \(cluster.source) sets both a certificate authority and "
                    + "insecure-skip-tls-verify; keep one"
            )
        }
        tls.caData = cluster.certificateAuthorityData
        tls.caFile = cluster.certificateAuthorityData == nil ? cluster.certificateAuthority : nil
        tls.insecureSkipVerify = cluster.insecureSkipTLSVerify
        tls.serverName = cluster.tlsServerName
        tls.clientCertificateData = user.clientCertificateData
        tls.clientCertificateFile = user.clientCertificateData == nil ? user.clientCertificate : nil
        tls.clientKeyData = user.clientKeyData
        tls.clientKeyFile = user.clientKeyData == nil ? user.clientKey : nil

        var chosenNamespace = "default"
        if let namespace, !namespace.isEmpty {
            chosenNamespace = namespace
        } else if let own = entry.namespace, !own.isEmpty {
            chosenNamespace = own
        }
        return ClusterConnection(
            server: cluster.server,
            namespace: chosenNamespace,
            contextName: contextName,
            clusterName: entry.cluster,
            userName: entry.user,
            tls: tls,
            proxyURL: cluster.proxyURL,
            credentials: try credentials(for: user, named: entry.user, cluster: cluster),
            impersonation: user.impersonation
        )
    }

    private var whereFrom: String {
        if isInCluster { return "the in-cluster configuration" }
        if sources.isEmpty { return "the kubeconfig" }
        return sources.joined(separator: ", ")
    }

    private func chooseContext(_ context: String?) throws(KServeError) -> String {
        if let context, !context.isEmpty { return context }
        if let currentContext, !currentContext.isEmpty { return currentContext }
        if isEmpty {
            let looked = searched.isEmpty ? "" : " (looked at \(searched.joined(separator: ", ")))"
            throw KServeError(
                .invalidInput,
                "no kubeconfig found\(looked) and not running in a cluster; set KUBECONFIG or pass --kubeconfig"
            )
        }
        throw KServeError(
            .invalidInput,
            "\(whereFrom) sets no current-context; pass --context (known: \(contextNames.joined(separator: ", ")))"
        )
    }

    /// One technique per user, in client-go's order; exec runs only when nothing else is configured.
    private func credentials(
        for user: KubeUser,
        named name: String,
        cluster: KubeCluster
    ) throws(KServeError) -> Credentials {
        if let provider = user.authProvider {
            throw Self.removedAuthProvider(provider, user: name)
        }
        let hasBasic = user.username != nil || user.password != nil
        let hasToken = user.token != nil || user.tokenFile != nil
        if hasBasic && hasToken {
            throw KServeError(
                .auth,
                "user \"\(name)\" in \(user.source) sets both a token and a username/password; only one is allowed"
            )
        }
        if let token = user.token { return .token(token) }
        if let tokenFile = user.tokenFile { return .tokenFile(tokenFile) }
        if hasBasic { return .basic(username: user.username ?? "", password: user.password ?? "") }
        if user.clientCertificate != nil || user.clientCertificateData != nil { return .clientCertificate }
        if let exec = user.exec {
            return .exec(
                ExecPlugin(
                    config: exec,
                    userName: name,
                    environment: environment,
                    clusterInfo: Self.execClusterInfo(cluster)
                )
            )
        }
        return .none
    }

    /// `spec.cluster` for `KUBERNETES_EXEC_INFO`, as client-go fills it.
    static func execClusterInfo(_ cluster: KubeCluster) -> Value {
        var object = ValueObject()
        object["server"] = .string(cluster.server)
        if let name = cluster.tlsServerName { object["tls-server-name"] = .string(name) }
        if cluster.insecureSkipTLSVerify { object["insecure-skip-tls-verify"] = .bool(true) }
        if let data = cluster.certificateAuthorityData {
            object["certificate-authority-data"] = .string(Base64.encode(data))
        } else if let path = cluster.certificateAuthority, let data = try? InputFile.read(path) {
            object["certificate-authority-data"] = .string(Base64.encode(data))
        }
        if let proxy = cluster.proxyURL { object["proxy-url"] = .string(proxy) }
        if cluster.disableCompression { object["disable-compression"] = .bool(true) }
        if let config = cluster.execExtension { object["config"] = config }
        return .object(object)
    }

    /// The in-tree auth providers were removed from client-go (gcp and azure in 1.26); each has an exec plugin.
    static func removedAuthProvider(_ provider: String, user: String) -> KServeError {
        let replacement: String
        switch provider {
        case "gcp":
            replacement =
                "install gke-gcloud-auth-plugin (gcloud components install gke-gcloud-auth-plugin) and run "
                + "`gcloud container clusters get-credentials` to rewrite the entry as an exec plugin"
        case "azure":
            replacement =
                "install kubelogin (https://azure.github.io/kubelogin) and run `kubelogin convert-kubeconfig` "
                + "to rewrite the entry as an exec plugin"
        case "oidc":
            replacement =
                "use an OIDC exec plugin such as kubelogin (int128/kubelogin, `kubectl oidc-login`) in an exec stanza"
        default:
            replacement = "configure an exec credential plugin (users[].user.exec) instead"
        }
        return KServeError(
            .auth,
            "user \"\(user)\" uses the auth-provider \"\(provider)\", which is no longer supported by Kubernetes "
                + "clients; \(replacement)"
        )
    }
}
