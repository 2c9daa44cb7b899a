import Core
import NIOCore

/// Where the load goes: a plain-HTTP host and port, the base path before the API paths, and the Host header.
package struct BenchTarget: Sendable, Equatable {
    package var host: String
    package var port: Int
    /// The URL's path without a trailing slash: empty, or e.g. `/serving/team-a/iris`.
    package var basePath: String
    /// The `Host` header sent with every request (`--host` overrides the URL's).
    package var hostHeader: String

    package init(host: String, port: Int, basePath: String = "", hostHeader: String? = nil) {
        self.host = host
        self.port = port
        self.basePath = basePath
        self.hostHeader = hostHeader ?? (port == 80 ? Self.bracketed(host) : "\(Self.bracketed(host)):\(port)")
    }

    /// Reads `http://HOST[:PORT][/PATH]`. The load engine speaks plain HTTP/1.1 only.
    package static func parse(url: String, hostHeader: String? = nil) throws(KServeError) -> BenchTarget {
        if url.hasPrefix("https://") {
            throw KServeError(
                .unsupported,
                "kserve bench speaks plain HTTP/1.1 only, not TLS: '\(url)'; reach the endpoint over http:// "
                    + "(for example through kubectl port-forward)"
            )
        }
        guard url.hasPrefix("http://") else {
            throw KServeError(.usage, "invalid --url '\(url)': expected an http:// URL")
        }
        var rest = Substring(url.dropFirst("http://".count))
        var path = ""
        if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            path = String(rest[slash...])
            rest = rest[..<slash]
        }
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<query]) }
        while path.hasSuffix("/") { path.removeLast() }
        if rest.contains("@") {
            throw KServeError(.usage, "invalid --url '\(url)': user information in the URL is not supported; use -H")
        }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw KServeError(.usage, "invalid --url '\(url)': unterminated IPv6 address")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw KServeError(.usage, "invalid --url '\(url)': unexpected text after the IPv6 address")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty else { throw KServeError(.usage, "invalid --url '\(url)': no host") }
        var port = 80
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw KServeError(.usage, "invalid --url '\(url)': the port must be 1 to 65535")
            }
            port = value
        }
        let target = BenchTarget(host: String(host), port: port, basePath: path)
        guard let hostHeader, !hostHeader.isEmpty else { return target }
        return BenchTarget(host: target.host, port: port, basePath: path, hostHeader: hostHeader)
    }

    private static func bracketed(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }

    /// The socket address of `host` (getaddrinfo: call it before the run, never on an event loop).
    package func resolveAddress() throws(KServeError) -> SocketAddress {
        do {
            return try SocketAddress.makeAddressResolvingHost(host, port: port)
        } catch {
            throw KServeError(.dns, "cannot resolve the host '\(host)': \(error)")
        }
    }
}
