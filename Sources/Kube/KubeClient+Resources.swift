import Core
import Resources

extension KubeClient {
    package func get(_ kind: ResourceKind, name: String, namespace: String?) async throws(KServeError) -> Value {
        let call = Call(method: "GET", path: try objectPath(kind, name: name, namespace: namespace, object: nil))
        return try Self.decode(try await perform(call), call: call)
    }

    /// Lists every page (following `continue`), restarting once when a continue token expired (410).
    package func list(
        _ kind: ResourceKind,
        namespace: String?,
        allNamespaces: Bool = false,
        labelSelector: String? = nil,
        fieldSelector: String? = nil
    ) async throws(KServeError) -> ResourceList {
        let path = collectionPath(kind, namespace: allNamespaces ? nil : namespace, allNamespaces: allNamespaces)
        var restarted = false
        while true {
            do throws(KServeError) {
                return try await listPages(
                    path: path,
                    labelSelector: labelSelector,
                    fieldSelector: fieldSelector
                )
            } catch {
                guard error.httpStatus == 410, !restarted else { throw error }
                restarted = true
            }
        }
    }

    private func listPages(
        path: String,
        labelSelector: String?,
        fieldSelector: String?
    ) async throws(KServeError) -> ResourceList {
        var items: [Value] = []
        var resourceVersion = ""
        var token: String?
        repeat {
            var query = [("limit", String(options.pageSize))]
            if let token { query.append(("continue", token)) }
            if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
            if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
            let call = Call(method: "GET", path: path, query: query)
            let page = try Self.decode(try await perform(call), call: call)
            let pageItems: [Value]
            switch page["items"] {
            case nil, .null?:
                pageItems = []
            case .array(let array)?:
                pageItems = array
            default:
                throw KServeError(.badResponse, "\(call.display): the list's items are not an array")
            }
            items += pageItems
            resourceVersion = page["metadata"]?["resourceVersion"]?.stringValue ?? resourceVersion
            let next = page["metadata"]?["continue"]?.stringValue ?? ""
            if next.isEmpty {
                token = nil
            } else {
                guard next != token else {
                    throw KServeError(.badResponse, "\(call.display): the server repeated the continue token")
                }
                token = next
            }
        } while token != nil
        return ResourceList(items: items, resourceVersion: resourceVersion)
    }

    /// Server-side apply: the whole intent as `application/apply-patch+yaml` (JSON is YAML), under the client's
    /// field manager; `force` takes over fields other managers own, `dryRun` persists nothing.
    package func apply(
        _ object: Value,
        kind: ResourceKind,
        namespace: String?,
        force: Bool,
        dryRun: Bool
    ) async throws(KServeError) -> Value {
        var intent = try prepared(object, kind: kind)
        guard let name = intent["metadata"]?["name"]?.stringValue, !name.isEmpty else {
            throw KServeError(.invalidInput, "cannot apply a \(kind) without metadata.name")
        }
        if case .object(var top) = intent, case .object(var metadata)? = top["metadata"] {
            // The server rejects an intent that carries managedFields.
            metadata["managedFields"] = nil
            top["metadata"] = .object(metadata)
            intent = .object(top)
        }
        var query = [("fieldManager", options.fieldManager)]
        if force { query.append(("force", "true")) }
        if dryRun { query.append(("dryRun", "All")) }
        let call = Call(
            method: "PATCH",
            path: try objectPath(kind, name: name, namespace: namespace, object: intent),
            query: query,
            body: JSONWriter.bytes(intent),
            contentType: "application/apply-patch+yaml"
        )
        return try Self.decode(try await perform(call), call: call)
    }

    package func create(
        _ object: Value,
        kind: ResourceKind,
        namespace: String?,
        dryRun: Bool
    ) async throws(KServeError) -> Value {
        let body = try prepared(object, kind: kind)
        var query = [("fieldManager", options.fieldManager)]
        if dryRun { query.append(("dryRun", "All")) }
        let namespace = try resolvedNamespace(kind, requested: namespace, object: body)
        let call = Call(
            method: "POST",
            path: collectionPath(kind, namespace: namespace, allNamespaces: false),
            query: query,
            body: JSONWriter.bytes(body),
            contentType: "application/json"
        )
        return try Self.decode(try await perform(call), call: call)
    }

    /// An RFC 7386 merge patch: objects merge, `null` removes a key, arrays are replaced whole.
    package func mergePatch(
        _ kind: ResourceKind,
        name: String,
        namespace: String?,
        patch: Value
    ) async throws(KServeError) -> Value {
        let call = Call(
            method: "PATCH",
            path: try objectPath(kind, name: name, namespace: namespace, object: nil),
            query: [("fieldManager", options.fieldManager)],
            body: JSONWriter.bytes(patch),
            contentType: "application/merge-patch+json"
        )
        return try Self.decode(try await perform(call), call: call)
    }

    /// Asks for deletion; the object may linger while finalizers run (watch for DELETED to see it gone).
    package func delete(_ kind: ResourceKind, name: String, namespace: String?) async throws(KServeError) {
        let call = Call(method: "DELETE", path: try objectPath(kind, name: name, namespace: namespace, object: nil))
        _ = try await perform(call)
    }

    // MARK: - Paths

    /// The namespace a call addresses: `requested`, else the object's own, else the connection's; nil for
    /// cluster-scoped kinds. An object whose namespace contradicts `requested` is an error.
    func resolvedNamespace(_ kind: ResourceKind, requested: String?, object: Value?) throws(KServeError) -> String? {
        guard kind.namespaced else { return nil }
        let own = object?["metadata"]?["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let requested = requested.flatMap { $0.isEmpty ? nil : $0 }
        if let requested, let own, requested != own {
            throw KServeError(
                .invalidInput,
                "the \(kind)'s namespace \"\(own)\" does not match the requested namespace \"\(requested)\""
            )
        }
        return requested ?? own ?? connection.namespace
    }

    func collectionPath(_ kind: ResourceKind, namespace: String?, allNamespaces: Bool) -> String {
        var path = "/apis/\(kind.group)/\(kind.version)"
        if kind.namespaced, !allNamespaces {
            path += "/namespaces/" + PercentEncoding.encode(namespace ?? connection.namespace)
        }
        return path + "/" + kind.plural
    }

    func objectPath(
        _ kind: ResourceKind,
        name: String,
        namespace: String?,
        object: Value?
    ) throws(KServeError) -> String {
        guard !name.isEmpty else { throw KServeError(.invalidInput, "a \(kind) name must not be empty") }
        let namespace = try resolvedNamespace(kind, requested: namespace, object: object)
        return collectionPath(kind, namespace: namespace, allNamespaces: false) + "/" + PercentEncoding.encode(name)
    }

    /// `object` with apiVersion and kind filled in when missing; an object of another kind is an error.
    private func prepared(_ object: Value, kind: ResourceKind) throws(KServeError) -> Value {
        guard case .object(var top) = object else {
            throw KServeError(.invalidInput, "a \(kind) must be an object, not \(object.kindDescription)")
        }
        if let written = top["kind"]?.stringValue, written != kind.kind {
            throw KServeError(.invalidInput, "expected kind \(kind.kind), found \(written)")
        }
        if top["apiVersion"] == nil { top["apiVersion"] = .string(kind.apiVersion) }
        if top["kind"] == nil { top["kind"] = .string(kind.kind) }
        return .object(top)
    }
}
