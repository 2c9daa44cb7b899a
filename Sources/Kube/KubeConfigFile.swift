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
        let top = try ConfigFields(root, source: path, path: "")
        if let kind = try top.string("kind"), kind != "Config" {
            throw top.failure("kind", "expected Config, found \(kind)")
        }
        let directory = FilePath.directory(of: path)
        currentContext = try top.string("current-context")

        var seen: Set<String> = []
        for (index, entry) in try top.array("clusters").enumerated() {
            let (name, fields) = try Self.named(entry, list: "clusters", index: index, inner: "cluster", path: path)
            guard seen.insert("cluster/" + name).inserted else { throw Self.duplicate("cluster", name, path) }
            clusters.append((name, try Self.cluster(fields, directory: directory)))
        }
        for (index, entry) in try top.array("users").enumerated() {
            let (name, fields) = try Self.named(entry, list: "users", index: index, inner: "user", path: path)
            guard seen.insert("user/" + name).inserted else { throw Self.duplicate("user", name, path) }
            users.append((name, try Self.user(fields, directory: directory)))
        }
        for (index, entry) in try top.array("contexts").enumerated() {
            let (name, fields) = try Self.named(entry, list: "contexts", index: index, inner: "context", path: path)
            guard seen.insert("context/" + name).inserted else { throw Self.duplicate("context", name, path) }
            guard let cluster = try fields.string("cluster") else {
                throw fields.failure("cluster", "is required")
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

    /// Reads `{name: N, INNER: {...}}` from `LIST[index]`.
    private static func named(
        _ entry: Value,
        list: String,
        index: Int,
        inner: String,
        path: String
    ) throws(KServeError) -> (String, ConfigFields) {
        let outer = try ConfigFields(entry, source: path, path: "\(list)[\(index)]")
        guard let name = try outer.string("name") else { throw outer.failure("name", "is required") }
        let innerPath = "\(list)[\(index)] (\"\(name)\").\(inner)"
        guard let body = outer.value(inner) else {
            throw KServeError(.invalidInput, "\(path): \(innerPath): is required")
        }
        return (name, try ConfigFields(body, source: path, path: innerPath))
    }

    private static func cluster(_ fields: ConfigFields, directory: String) throws(KServeError) -> KubeCluster {
        var execExtension: Value?
        for (index, item) in try fields.array("extensions").enumerated() {
            let entry = try ConfigFields(item, source: fields.source, path: fields.fieldPath("extensions[\(index)]"))
            if try entry.string("name") == "client.authentication.k8s.io/exec" {
                execExtension = entry.value("extension")
            }
        }
        return KubeCluster(
            server: try fields.string("server") ?? "",
            certificateAuthority: try fields.filePath("certificate-authority", relativeTo: directory),
            certificateAuthorityData: try fields.data("certificate-authority-data"),
            insecureSkipTLSVerify: try fields.bool("insecure-skip-tls-verify"),
            tlsServerName: try fields.string("tls-server-name"),
            proxyURL: try fields.string("proxy-url"),
            disableCompression: try fields.bool("disable-compression"),
            execExtension: execExtension,
            source: fields.source
        )
    }

    private static func user(_ fields: ConfigFields, directory: String) throws(KServeError) -> KubeUser {
        var user = KubeUser(source: fields.source)
        user.token = try fields.string("token")
        user.tokenFile = try fields.filePath("tokenFile", relativeTo: directory)
        user.clientCertificate = try fields.filePath("client-certificate", relativeTo: directory)
        user.clientCertificateData = try fields.data("client-certificate-data")
        user.clientKey = try fields.filePath("client-key", relativeTo: directory)
        user.clientKeyData = try fields.data("client-key-data")
        user.username = try fields.string("username")
        user.password = try fields.string("password")
        user.impersonation = try Self.impersonation(fields)
        if let provider = fields.value("auth-provider") {
            let providerFields = try ConfigFields(
                provider,
                source: fields.source,
                path: fields.fieldPath("auth-provider")
            )
            user.authProvider = try providerFields.string("name") ?? "unnamed"
        }
        if let exec = fields.value("exec") {
            let execFields = try ConfigFields(exec, source: fields.source, path: fields.fieldPath("exec"))
            user.exec = try Self.exec(execFields, directory: directory)
        }
        return user
    }

    private static func impersonation(_ fields: ConfigFields) throws(KServeError) -> Impersonation? {
        var result = Impersonation(
            user: try fields.string("as"),
            uid: try fields.string("as-uid"),
            groups: try fields.strings("as-groups")
        )
        if let extra = fields.value("as-user-extra") {
            let extraFields = try ConfigFields(extra, source: fields.source, path: fields.fieldPath("as-user-extra"))
            for key in extraFields.object.keys { result.extra[key] = try extraFields.strings(key) }
        }
        let empty = result.user == nil && result.uid == nil && result.groups.isEmpty && result.extra.isEmpty
        return empty ? nil : result
    }

    private static func exec(_ fields: ConfigFields, directory: String) throws(KServeError) -> ExecConfig {
        guard var command = try fields.string("command") else { throw fields.failure("command", "is required") }
        // A command with a slash is a path, relative to this file; a bare name is looked up in PATH.
        if command.contains("/") { command = FilePath.resolve(command, against: directory) }
        guard let apiVersion = try fields.string("apiVersion") else {
            throw fields.failure("apiVersion", "is required (client.authentication.k8s.io/v1 or v1beta1)")
        }
        guard ExecConfig.supportedAPIVersions.contains(apiVersion) else {
            throw fields.failure(
                "apiVersion",
                "\(apiVersion) is not supported; use client.authentication.k8s.io/v1 or v1beta1"
            )
        }
        var env: [ExecEnvVar] = []
        for (index, item) in try fields.array("env").enumerated() {
            let entry = try ConfigFields(item, source: fields.source, path: fields.fieldPath("env[\(index)]"))
            guard let name = try entry.string("name") else { throw entry.failure("name", "is required") }
            env.append(ExecEnvVar(name: name, value: try entry.string("value") ?? ""))
        }
        let mode: ExecConfig.InteractiveMode
        if let text = try fields.string("interactiveMode") {
            guard let parsed = ExecConfig.InteractiveMode(rawValue: text) else {
                throw fields.failure("interactiveMode", "must be Never, IfAvailable or Always, not \(text)")
            }
            mode = parsed
        } else if apiVersion.hasSuffix("/v1") {
            throw fields.failure("interactiveMode", "is required for \(apiVersion) (Never, IfAvailable or Always)")
        } else {
            mode = .ifAvailable
        }
        return ExecConfig(
            command: command,
            args: try fields.strings("args"),
            env: env,
            apiVersion: apiVersion,
            installHint: try fields.string("installHint"),
            provideClusterInfo: try fields.bool("provideClusterInfo"),
            interactiveMode: mode
        )
    }
}
