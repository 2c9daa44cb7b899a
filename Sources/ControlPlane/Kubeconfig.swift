import Core

/// The kubeconfig `kserve serve` writes for itself, so that kubectl and `kserve --context kserve-local` reach it.
package enum Kubeconfig {
    package static let contextName = "kserve-local"
    /// The token written for an HTTPS server started without `--token` (which checks none).
    package static let anonymousToken = "anonymous"

    /// The kubeconfig document for a server at `server` (`http://127.0.0.1:8080`), with the bearer token and the
    /// PEM CA certificate when there are any.
    package static func document(server: String, token: String?, certificateAuthorityPEM: [UInt8]? = nil) -> Value {
        var cluster: ValueObject = ["server": .string(server)]
        if let certificateAuthorityPEM {
            cluster["certificate-authority-data"] = .string(Base64.encode(certificateAuthorityPEM))
        }
        var user = ValueObject()
        if let token {
            user["token"] = .string(token)
        } else if server.hasPrefix("https://") {
            // kubectl prompts for a username over HTTPS when the user has no credential at all. This server checks
            // no token, so a placeholder keeps kubectl from asking.
            user["token"] = .string(anonymousToken)
        }
        return [
            "apiVersion": "v1", "kind": "Config",
            "clusters": [["name": .string(contextName), "cluster": .object(cluster)]],
            "users": [["name": .string(contextName), "user": .object(user)]],
            "contexts": [
                [
                    "name": .string(contextName),
                    "context": [
                        "cluster": .string(contextName), "user": .string(contextName), "namespace": "default",
                    ],
                ]
            ],
            "current-context": .string(contextName),
            "preferences": .object([:]),
        ]
    }

    /// Writes the kubeconfig atomically with mode 0600 (it may hold the token).
    package static func write(
        to path: String,
        server: String,
        token: String?,
        certificateAuthorityPEM: [UInt8]? = nil
    ) throws(KServeError) {
        let text = YAMLWriter.string(
            document(server: server, token: token, certificateAuthorityPEM: certificateAuthorityPEM)
        )
        let directory = StateFiles.parent(of: path)
        let files = try StateFiles(root: directory)
        try files.write(Array(text.utf8), to: StateFiles.base(of: path))
    }

    /// The URL clients use for a server bound to `address`: a wildcard address becomes loopback.
    package static func serverURL(address: String, port: Int, tls: Bool = false) -> String {
        var host = address
        if host == "0.0.0.0" || host.isEmpty { host = "127.0.0.1" }
        if host == "::" { host = "::1" }
        if host.contains(":") { host = "[\(host)]" }
        return "\(tls ? "https" : "http")://\(host):\(port)"
    }
}
