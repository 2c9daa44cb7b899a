import Core

/// One kubeconfig file, parsed: its stanzas in file order, relative paths resolved against its directory.
struct KubeConfigFile {
    var path: String
    var currentContext: String?
    var clusters: [(name: String, cluster: KubeCluster)] = []
    var users: [(name: String, user: KubeUser)] = []
    var contexts: [(name: String, context: KubeContext)] = []

    /// Parses `bytes` read from `path`. YAML and JSON both parse; syntax errors name `path:line:column`.
    init(bytes: [UInt8], path: String) throws(KServeError) {
        self.path = path
        let documents = try YAMLParser.parseDocuments(bytes, source: path)
        let nonEmpty = documents.filter { !$0.isNull }
        guard nonEmpty.count <= 1 else {
            throw KServeError(.invalidInput, "\(path): a kubeconfig holds one document, found \(nonEmpty.count)")
        }
        guard let root = nonEmpty.first else { return }
        let top = try ConfigFields(root, at: DocumentPath(source: path, vocabulary: .yaml))
        if let kind = try top.string("kind"), kind != "Config" {
            throw top.failure(at: "kind", "expected Config, found \(kind)")
        }
        let directory = FilePath.directory(of: path)
        currentContext = try top.string("current-context")

        var seen: Set<String> = []
        for entry in try top.optional("clusters")?.elements() ?? [] {
            let (name, fields) = try Self.named(entry, inner: "cluster")
            guard seen.insert("cluster/" + name).inserted else { throw Self.duplicate("cluster", name, path) }
            clusters.append((name, try Self.cluster(fields, directory: directory)))
        }
        for entry in try top.optional("users")?.elements() ?? [] {
            let (name, fields) = try Self.named(entry, inner: "user")
            guard seen.insert("user/" + name).inserted else { throw Self.duplicate("user", name, path) }
            users.append((name, try Self.user(fields, directory: directory)))
        }
        for entry in try top.optional("contexts")?.elements() ?? [] {
            let (name, fields) = try Self.named(entry, inner: "context")
            guard seen.insert("context/" + name).inserted else { throw Self.duplicate("context", name, path) }
            guard let cluster = try fields.string("cluster") else {
                throw fields.failure(at: "cluster", "is required")
            }
            let context = KubeContext(
                cluster: cluster,
                user: try fields.string("user") ?? "",
                namespace: try fields.string("namespace"),
                source: path
            )
            contexts.append((name, context))
        }
    }

    private static func duplicate(_ what: String, _ name: String, _ path: String) -> KServeError {
        KServeError(.invalidInput, "\(path): \(what) \"\(name)\" is defined twice")
    }

    /// Reads `{name: N, INNER: {...}}` from an element of a list; the inner object's path names it,
    /// `LIST[index] ("N").INNER`.
    private static func named(
        _ entry: ValueReader<DocumentPath>,
        inner: String
    ) throws(KServeError) -> (String, ConfigFields) {
        let outer = try entry.fields()
        guard let name = try outer.string("name") else { throw outer.failure(at: "name", "is required") }
        let place = outer.place.at("\(outer.place.path) (\"\(name)\").\(inner)")
        guard let body = outer.value(inner) else { throw place.failure(.other("is required"), key: nil, index: nil) }
        return (name, try ConfigFields(body, at: place))
    }

    private static func cluster(_ fields: ConfigFields, directory: String) throws(KServeError) -> KubeCluster {
        var execExtension: Value?
        for item in try fields.optional("extensions")?.elements() ?? [] {
            let entry = try item.fields()
            if try entry.string("name") == "client.authentication.k8s.io/exec" {
                execExtension = entry.value("extension")
            }
        }
        return KubeCluster(
            server: try fields.string("server") ?? "",
            certificateAuthority: try fields.filePath("certificate-authority", relativeTo: directory),
            certificateAuthorityData: try fields.data("certificate-authority-data"),
            insecureSkipTLSVerify: try fields.optional("insecure-skip-tls-verify")?.bool() ?? false,
            tlsServerName: try fields.string("tls-server-name"),
            proxyURL: try fields.string("proxy-url"),
            disableCompression: try fields.optional("disable-compression")?.bool() ?? false,
            execExtension: execExtension,
            source: fields.place.source
        )
    }

    private static func user(_ fields: ConfigFields, directory: String) throws(KServeError) -> KubeUser {
        var user = KubeUser(source: fields.place.source)
        user.token = try fields.string("token")
        user.tokenFile = try fields.filePath("tokenFile", relativeTo: directory)
        user.clientCertificate = try fields.filePath("client-certificate", relativeTo: directory)
        user.clientCertificateData = try fields.data("client-certificate-data")
        user.clientKey = try fields.filePath("client-key", relativeTo: directory)
        user.clientKeyData = try fields.data("client-key-data")
        user.username = try fields.string("username")
        user.password = try fields.string("password")
        user.impersonation = try Self.impersonation(fields)
        if let provider = fields.optional("auth-provider") {
            let providerFields = try provider.fields()
            user.authProvider = try providerFields.string("name") ?? "unnamed"
        }
        if let exec = fields.optional("exec") {
            let execFields = try exec.fields()
            user.exec = try Self.exec(execFields, directory: directory)
        }
        return user
    }

    private static func impersonation(_ fields: ConfigFields) throws(KServeError) -> Impersonation? {
        var result = Impersonation(
            user: try fields.string("as"),
            uid: try fields.string("as-uid"),
            groups: try fields.optional("as-groups")?.strings() ?? []
        )
        if let extra = fields.optional("as-user-extra") {
            let extraFields = try extra.fields()
            for key in extraFields.object.keys { result.extra[key] = try extraFields.optional(key)?.strings() ?? [] }
        }
        let empty = result.user == nil && result.uid == nil && result.groups.isEmpty && result.extra.isEmpty
        return empty ? nil : result
    }

    private static func exec(_ fields: ConfigFields, directory: String) throws(KServeError) -> ExecConfig {
        guard var command = try fields.string("command") else { throw fields.failure(at: "command", "is required") }
        // A command with a slash is a path, relative to this file; a bare name is looked up in PATH.
        if command.contains("/") { command = FilePath.resolve(command, against: directory) }
        guard let apiVersion = try fields.string("apiVersion") else {
            throw fields.failure(at: "apiVersion", "is required (client.authentication.k8s.io/v1 or v1beta1)")
        }
        guard ExecConfig.supportedAPIVersions.contains(apiVersion) else {
            throw fields.failure(
                at: "apiVersion",
                "\(apiVersion) is not supported; use client.authentication.k8s.io/v1 or v1beta1"
            )
        }
        var env: [ExecEnvVar] = []
        for item in try fields.optional("env")?.elements() ?? [] {
            let entry = try item.fields()
            guard let name = try entry.string("name") else { throw entry.failure(at: "name", "is required") }
            env.append(ExecEnvVar(name: name, value: try entry.string("value") ?? ""))
        }
        let mode: ExecConfig.InteractiveMode
        if let text = try fields.string("interactiveMode") {
            guard let parsed = ExecConfig.InteractiveMode(rawValue: text) else {
                throw fields.failure(at: "interactiveMode", "must be Never, IfAvailable or Always, not \(text)")
            }
            mode = parsed
        } else if apiVersion.hasSuffix("/v1") {
            throw fields.failure(at: "interactiveMode", "is required for \(apiVersion) (Never, IfAvailable or Always)")
        } else {
            mode = .ifAvailable
        }
        return ExecConfig(
            command: command,
            args: try fields.optional("args")?.strings() ?? [],
            env: env,
            apiVersion: apiVersion,
            installHint: try fields.string("installHint"),
            provideClusterInfo: try fields.optional("provideClusterInfo")?.bool() ?? false,
            interactiveMode: mode
        )
    }
}
