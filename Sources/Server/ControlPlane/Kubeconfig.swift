import Transport

/// The kubeconfig `kserve serve` writes for itself, so that kubectl and `kserve --context kserve-local` reach it.
public enum Kubeconfig {
    public static let contextName = "kserve-local"
    /// The token written for an HTTPS server started without `--token` (which checks none).
    public static let anonymousToken = "anonymous"

    /// The kubeconfig document for a server at `server` (`http://127.0.0.1:8080`), with the bearer token and the
    /// PEM CA certificate when there are any.
    public static func document(server: String, token: String?, certificateAuthorityPEM: [UInt8]? = nil) -> Value {
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
    public static func write(
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
    public static func serverURL(address: String, port: Int, tls: Bool = false) -> String {
        var host = address
        if host == "0.0.0.0" || host.isEmpty { host = "127.0.0.1" }
        if host == "::" { host = "::1" }
        if host.contains(":") { host = "[\(host)]" }
        return "\(tls ? "https" : "http")://\(host):\(port)"
    }
}

/// Standard base64 with padding (RFC 4648), for the `*-data` fields of a kubeconfig.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let b0 = chunk[chunk.startIndex]
            let b1 = chunk.count > 1 ? chunk[chunk.startIndex + 1] : 0
            let b2 = chunk.count > 2 ? chunk[chunk.startIndex + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(chunk.count > 1 ? alphabet[Int((b1 & 0x0f) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(chunk.count > 2 ? alphabet[Int(b2 & 0x3f)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
