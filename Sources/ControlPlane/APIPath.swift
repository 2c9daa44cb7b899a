import Resources

/// What a Kubernetes API path names: a collection, an object, or an object's status, of a KServe kind or of
/// namespaces.
struct APIPath: Sendable, Equatable {
    enum Target: Sendable, Equatable {
        case resource(ResourceKind)
        case namespaces
    }

    var target: Target
    /// The namespace in the path; nil for cluster-scoped kinds and lists across all namespaces.
    var namespace: String?
    var name: String?
    var subresource: String?

    /// Parses `/apis/serving.kserve.io/VERSION[/namespaces/NS]/PLURAL[/NAME[/status]]` and
    /// `/api/v1/namespaces[/NAME]`; nil for anything else (discovery, unknown resources).
    static func parse(_ path: String) -> APIPath? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.count >= 3, parts[0] == "api", parts[1] == "v1", parts[2] == "namespaces" {
            guard parts.count <= 5 else { return nil }
            if parts.count == 5 { return nil }  // namespaced core resources are not served
            return APIPath(target: .namespaces, namespace: nil, name: parts.count > 3 ? parts[3] : nil)
        }
        guard parts.count >= 4, parts[0] == "apis", parts[1] == ResourceKind.servingGroup else { return nil }
        let version = parts[2]
        var rest = Array(parts.dropFirst(3))
        var namespace: String?
        if rest.count >= 3, rest[0] == "namespaces" {
            namespace = rest[1]
            rest.removeFirst(2)
        }
        guard let plural = rest.first,
            let kind = ResourceKind.allCases.first(where: { $0.plural == plural && $0.version == version })
        else { return nil }
        if namespace != nil, !kind.namespaced { return nil }
        guard rest.count <= 3 else { return nil }
        let name = rest.count > 1 ? rest[1] : nil
        let subresource = rest.count > 2 ? rest[2] : nil
        if let subresource, subresource != "status" { return nil }
        return APIPath(target: .resource(kind), namespace: namespace, name: name, subresource: subresource)
    }
}
