/// Names the reconciler gives what it serves: repository keys, hosts and URLs.
///
/// An InferenceService's model (and a TrainedModel) is served under its own name, as KServe serves it. Names repeat
/// across namespaces, while the repository has one flat name space, so the repository key is the plain name in the
/// `default` namespace and `NAME.NAMESPACE` elsewhere (`iris` and `iris.team-a`). Requests addressed to an
/// InferenceService by Host header or `/serving/NAMESPACE/NAME` are rewritten to the key, so a client that speaks
/// KServe's way never sees it; a bare `/v1/models/iris.team-a:predict` reaches the same model.
package struct ServingNames: Sendable, Equatable {
    /// The ingress domain (`example.com`, as KServe's default `ingressDomain`).
    package var domain: String
    /// `http` unless the server speaks TLS.
    package var scheme: String

    /// The cluster-local suffix KServe gives `status.address.url`.
    package static let clusterLocalSuffix = "svc.cluster.local"
    /// The namespace whose objects keep their plain names as repository keys.
    package static let defaultNamespace = "default"

    package init(domain: String = "example.com", scheme: String = "http") {
        self.domain = domain
        self.scheme = scheme
    }

    /// The repository key of a model called `name` in `namespace`.
    package static func repositoryKey(name: String, namespace: String) -> String {
        namespace == defaultNamespace ? name : "\(name).\(namespace)"
    }

    /// `NAME.NAMESPACE.DOMAIN`: the host of `status.url`.
    package func host(name: String, namespace: String) -> String { "\(name).\(namespace).\(domain)" }

    /// `http://NAME.NAMESPACE.DOMAIN`.
    package func url(name: String, namespace: String) -> String {
        "\(scheme)://\(host(name: name, namespace: namespace))"
    }

    /// `http://NAME.NAMESPACE.svc.cluster.local`: the address KServe reports for in-cluster callers; requests with
    /// that Host header are routed too.
    package func addressURL(name: String, namespace: String) -> String {
        "\(scheme)://\(name).\(namespace).\(Self.clusterLocalSuffix)"
    }

    /// The InferenceService a Host header names (`NAME.NAMESPACE.DOMAIN` or `NAME.NAMESPACE.svc.cluster.local`, a
    /// port allowed), or nil when the host is not one of those.
    ///
    /// Asked of every request: it compares bytes (ASCII letters without regard to case) and allocates only for a host
    /// that names a service.
    package func service(forHost rawHost: String) -> ServiceReference? {
        var host = Substring(rawHost)
        if host.hasPrefix("[") { return nil }  // an IPv6 literal
        if let colon = host.lastIndex(of: ":") { host = host[..<colon] }
        if host.hasSuffix(".") { host = host.dropLast() }
        for suffix in [domain, Self.clusterLocalSuffix] where !suffix.isEmpty {
            guard let rest = Self.dropDottedSuffix(suffix, of: host) else { continue }
            let labels = rest.lowercased().split(separator: ".", omittingEmptySubsequences: false)
            guard labels.count == 2, !labels[0].isEmpty, !labels[1].isEmpty else { return nil }
            return ServiceReference(namespace: String(labels[1]), name: String(labels[0]))
        }
        return nil
    }

    /// `host` without `.SUFFIX` at its end (ASCII letters compared without regard to case), or nil when it does not
    /// end so.
    private static func dropDottedSuffix(_ suffix: String, of host: Substring) -> Substring? {
        let hostBytes = host.utf8
        let suffixBytes = suffix.utf8
        guard hostBytes.count > suffixBytes.count else { return nil }
        var hostIndex = hostBytes.endIndex
        for expected in suffixBytes.reversed() {
            hostIndex = hostBytes.index(before: hostIndex)
            guard asciiLowercased(hostBytes[hostIndex]) == asciiLowercased(expected) else { return nil }
        }
        let dot = hostBytes.index(before: hostIndex)
        guard hostBytes[dot] == UInt8(ascii: ".") else { return nil }
        return host[..<dot]
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}

/// An InferenceService by namespace and name.
package struct ServiceReference: Hashable, Sendable, CustomStringConvertible {
    package var namespace: String
    package var name: String

    package init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    package var description: String { "\(namespace)/\(name)" }
}
