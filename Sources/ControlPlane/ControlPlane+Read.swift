import Core
import HTTPTypes
import Hummingbird
import NIOCore
import Resources

extension ControlPlane {
    func get(_ kind: ResourceKind, name: String, _ call: APICall) async throws -> Response {
        guard let object = await store.get(kind, namespace: call.path.namespace, name: name) else {
            throw KubeStatus.notFound(kind, name)
        }
        return objectResponse(object, call)
    }

    func list(_ kind: ResourceKind, _ call: APICall) async throws -> Response {
        let options = call.options
        let listed = await store.list(kind, namespace: call.path.namespace)
        var objects = listed.objects.filter { options.fieldSelector.matches($0) && options.labelSelector.matches($0) }
        if let token = options.continueToken {
            let after = try Self.decodeContinue(token)
            objects = objects.filter { ($0.namespace ?? "", $0.name) > (after.namespace, after.name) }
        }
        var metadata: ValueObject = ["resourceVersion": .string(String(listed.resourceVersion))]
        if let limit = options.limit, objects.count > limit {
            let remaining = objects.count - limit
            objects = Array(objects.prefix(limit))
            if let last = objects.last {
                metadata["continue"] = .string(Self.encodeContinue(namespace: last.namespace ?? "", name: last.name))
            }
            metadata["remainingItemCount"] = .int(Int64(remaining))
        }
        if call.table {
            return Self.response(
                ResourceTable.table(
                    kind,
                    objects: objects.map(\.value),
                    listMetadata: metadata,
                    now: Self.now(),
                    includeObject: call.includeObject
                )
            )
        }
        return Self.response(
            [
                "apiVersion": .string(kind.apiVersion), "kind": .string(kind.kind + "List"),
                "metadata": .object(metadata), "items": .array(objects.map(\.value)),
            ]
        )
    }

    /// Continue tokens name the last object of the page; the next page starts after it.
    static func encodeContinue(namespace: String, name: String) -> String {
        "after:" + namespace + ":" + name
    }

    static func decodeContinue(_ token: String) throws -> (namespace: String, name: String) {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "after" else {
            throw KubeStatus.badRequest("invalid continue token \"\(token)\": pass the token of the previous page")
        }
        return (String(parts[1]), String(parts[2]))
    }

    // MARK: - Watch

    private enum WatchItem: Sendable {
        case event(StoreEvent)
        case bookmark
    }

    func watch(_ kind: ResourceKind, _ call: APICall) async throws -> Response {
        let options = call.options
        if options.sendInitialEvents == true {
            throw KubeStatus(
                code: 422,
                reason: "Invalid",
                message: "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: sendInitialEvents "
                    + "is not supported by this server; list, then watch from the list's resourceVersion",
                kind: "ListOptions",
                causes: [
                    .init(
                        reason: "FieldValueForbidden",
                        message: "Forbidden: sendInitialEvents is not supported by this server",
                        field: "sendInitialEvents"
                    )
                ]
            )
        }
        var after: UInt64?
        if let text = options.resourceVersion, text != "0" {
            guard let number = UInt64(text) else {
                throw KubeStatus.badRequest("resourceVersion \"\(text)\" is not a resource version of this server")
            }
            after = number
        }
        let (events, start) = try await store.watch(after: after)
        let namespace = call.path.namespace
        let interval = options.allowWatchBookmarks ? bookmarkInterval : nil
        let timeout = Duration.seconds(options.timeoutSeconds ?? 1800)
        let table = call.table
        let includeObject = call.includeObject
        let matches: @Sendable (StoredObject) -> Bool = { object in
            object.kind == kind && (namespace == nil || object.namespace == namespace)
                && options.fieldSelector.matches(object) && options.labelSelector.matches(object)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let backlog = store.watchBacklog
        let body = ResponseBody { writer in
            // Bounded like the store's feed: a client that stops reading fills it, and the watch ends with the
            // status Kubernetes gives a watcher that fell behind (410 Expired: list again) instead of growing.
            let (merged, feed) = AsyncStream<WatchItem>.makeStream(bufferingPolicy: .bufferingOldest(backlog))
            let fellBehind = AtomicFlag()
            let forwarding = Task {
                for await event in events {
                    if case .dropped = feed.yield(.event(event)) {
                        fellBehind.set()
                        break
                    }
                }
                // A store feed that ends by itself (a burst larger than the backlog between two turns of this task)
                // ends the watch plainly: the client watches again from the last version it saw, as after a
                // Kubernetes API server closes a slow watch.
                feed.finish()
            }
            let ticking = Task {
                guard let interval else { return }
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    feed.yield(.bookmark)
                }
            }
            let timing = Task {
                try? await Task.sleep(for: timeout)
                feed.finish()
            }
            defer {
                forwarding.cancel()
                ticking.cancel()
                timing.cancel()
            }
            var lastVersion = start
            var first = true
            for await item in merged {
                let line: Value
                switch item {
                case .event(let event):
                    lastVersion = max(lastVersion, event.object.resourceVersion)
                    guard matches(event.object) else { continue }
                    let object =
                        table
                        ? ResourceTable.table(
                            kind,
                            objects: [event.object.value],
                            listMetadata: ["resourceVersion": .string(String(event.object.resourceVersion))],
                            now: Self.now(),
                            definitions: first,
                            includeObject: includeObject
                        ) : event.object.value
                    first = false
                    line = ["type": .string(event.kind.rawValue), "object": object]
                case .bookmark:
                    line = [
                        "type": "BOOKMARK",
                        "object": [
                            "kind": .string(kind.kind), "apiVersion": .string(kind.apiVersion),
                            "metadata": ["resourceVersion": .string(String(lastVersion))],
                        ],
                    ]
                }
                var bytes = JSONWriter.bytes(line)
                bytes.append(UInt8(ascii: "\n"))
                try await writer.write(ByteBuffer(bytes: bytes))
            }
            if fellBehind.isSet {
                let status = KubeStatus.gone(
                    "the watch fell more than \(backlog) events behind: list again, then watch from there"
                )
                var bytes = JSONWriter.bytes(["type": "ERROR", "object": status.value])
                bytes.append(UInt8(ascii: "\n"))
                try await writer.write(ByteBuffer(bytes: bytes))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
