import Core
import HTTPServing
import HTTPTypes
import Hummingbird
import Resources

extension ControlPlane {
    /// POST on a collection: 201 with the stored object.
    func create(_ kind: ResourceKind, _ request: Request, _ call: APICall) async throws -> Response {
        var object = try await body(request)
        try Self.checkIdentity(&object, kind: kind, path: call.path, name: nil)
        if object.at(["metadata", "name"]) == nil, let prefix = object.at(["metadata", "generateName"])?.stringValue {
            object.set(["metadata", "name"], .string(prefix + Self.randomSuffix()))
        }
        var fields = ManagedFields(of: object)
        if object.at(["metadata", "managedFields"]) == nil {
            fields.recordUpdate(manager: call.manager, old: nil, new: object, apiVersion: kind.apiVersion)
        }
        object.set(["metadata", "managedFields"], fields.value)
        let stored = try await store.create(
            kind,
            namespace: call.path.namespace,
            object: object,
            dryRun: call.options.dryRun
        )
        return objectResponse(stored, call, status: 201)
    }

    /// PUT on an object or its status: the body must carry the current resourceVersion.
    func replace(_ kind: ResourceKind, name: String, _ request: Request, _ call: APICall) async throws -> Response {
        var object = try await body(request)
        try Self.checkIdentity(&object, kind: kind, path: call.path, name: name)
        guard let version = object.at(["metadata", "resourceVersion"])?.stringValue, !version.isEmpty else {
            throw KubeStatus.invalid(
                kind,
                name,
                [
                    .init(
                        reason: "FieldValueInvalid",
                        message: "Invalid value: 0x0: must be specified for an update",
                        field: "metadata.resourceVersion"
                    )
                ]
            )
        }
        guard let current = await store.get(kind, namespace: call.path.namespace, name: name) else {
            throw KubeStatus.notFound(kind, name)
        }
        if call.path.subresource == "status" {
            let stored = try await store.updateStatus(
                kind,
                namespace: call.path.namespace,
                name: name,
                status: object["status"] ?? .null,
                resourceVersion: version,
                dryRun: call.options.dryRun
            )
            guard let stored else { throw KubeStatus.notFound(kind, name) }
            return objectResponse(stored, call)
        }
        var fields = ManagedFields(of: object.at(["metadata", "managedFields"]) == nil ? current.value : object)
        fields.recordUpdate(manager: call.manager, old: current.value, new: object, apiVersion: kind.apiVersion)
        object.set(["metadata", "managedFields"], fields.value)
        let stored = try await store.update(
            kind,
            namespace: call.path.namespace,
            object: object,
            dryRun: call.options.dryRun
        )
        return objectResponse(stored, call)
    }

    /// PATCH: merge patch, JSON patch or server-side apply, on the object or its status.
    func patch(_ kind: ResourceKind, name: String, _ request: Request, _ call: APICall) async throws -> Response {
        let contentType = (request.headers[.contentType] ?? "").split(separator: ";").first.map {
            String($0).trimmingBlanks().lowercased()
        }
        let patchType: PatchType
        switch contentType {
        case "application/merge-patch+json": patchType = .merge
        case "application/json-patch+json": patchType = .json
        case "application/apply-patch+yaml", "application/apply-patch+cbor": patchType = .apply
        default:
            throw KubeStatus(
                code: 415,
                reason: "UnsupportedMediaType",
                message: "the body of the request was in an unknown format - accepted media types include: "
                    + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
            )
        }
        if call.options.force, patchType != .apply {
            throw KubeStatus.badRequest("force is only allowed for apply patches")
        }
        let patch = try await body(request, yaml: patchType == .apply)
        if patchType == .apply {
            return try await apply(kind, name: name, patch, call)
        }
        // Read, patch, write with the read's resourceVersion; a concurrent write in between is retried.
        for _ in 0..<5 {
            guard let current = await store.get(kind, namespace: call.path.namespace, name: name) else {
                throw KubeStatus.notFound(kind, name)
            }
            var patched: Value
            do {
                patched =
                    patchType == .merge
                    ? MergePatch.apply(patch, to: current.value) : try JSONPatch.apply(patch, to: current.value)
            } catch {
                throw KubeStatus(code: 422, reason: "Invalid", message: error.message, name: name, kind: kind.kind)
            }
            let precondition = patched.at(["metadata", "resourceVersion"])?.stringValue
            let pinned = precondition != nil && precondition != String(current.resourceVersion)
            if pinned { throw KubeStatus.modified(kind, name) }
            do {
                let stored = try await write(kind, name: name, current: current, next: patched, call)
                return objectResponse(stored, call)
            } catch let error as KServeError where (error.cause as? KubeStatus)?.reason == "Conflict" {
                if patch.at(["metadata", "resourceVersion"]) != nil { throw error }
                continue
            }
        }
        throw KubeStatus.modified(kind, name)
    }

    private enum PatchType { case merge, json, apply }

    /// Stores `next` as the new state of `current` (or of its status), recording `call.manager`'s fields.
    private func write(
        _ kind: ResourceKind,
        name: String,
        current: StoredObject,
        next: Value,
        _ call: APICall
    ) async throws -> StoredObject {
        var object = next
        try Self.checkIdentity(&object, kind: kind, path: call.path, name: name)
        object.set(["metadata", "resourceVersion"], .string(String(current.resourceVersion)))
        if call.path.subresource == "status" {
            let stored = try await store.updateStatus(
                kind,
                namespace: call.path.namespace,
                name: name,
                status: object["status"] ?? .null,
                resourceVersion: String(current.resourceVersion),
                dryRun: call.options.dryRun
            )
            guard let stored else { throw KubeStatus.notFound(kind, name) }
            return stored
        }
        var fields = ManagedFields(of: current.value)
        fields.recordUpdate(manager: call.manager, old: current.value, new: object, apiVersion: kind.apiVersion)
        object.set(["metadata", "managedFields"], fields.value)
        return try await store.update(kind, namespace: call.path.namespace, object: object, dryRun: call.options.dryRun)
    }

    /// Server-side apply: creates the object when it is missing (201), else merges the applied intent into it,
    /// answering 409 for fields another manager owns unless `force=true`.
    private func apply(_ kind: ResourceKind, name: String, _ applied: Value, _ call: APICall) async throws -> Response {
        guard let manager = call.options.fieldManager, !manager.isEmpty else {
            throw KubeStatus.badRequest(
                "PATCH, application/apply-patch+yaml: fieldManager is required for apply requests"
            )
        }
        guard applied.objectValue != nil else {
            throw KubeStatus.badRequest("an apply patch must be an object, found \(applied.kindDescription)")
        }
        if let managed = applied.at(["metadata", "managedFields"]), !managed.isNull {
            throw KubeStatus.badRequest("metadata.managedFields must be nil in an apply patch")
        }
        for field in ["apiVersion", "kind"] where applied[field]?.stringValue == nil {
            throw KubeStatus.badRequest("\(field) must be set in an apply patch")
        }
        var intent = applied
        try Self.checkIdentity(&intent, kind: kind, path: call.path, name: name)
        let precondition = applied.at(["metadata", "resourceVersion"])?.stringValue
        for _ in 0..<5 {
            let current = await store.get(kind, namespace: call.path.namespace, name: name)
            if let precondition, precondition != current.map({ String($0.resourceVersion) }) {
                throw KubeStatus.modified(kind, name)
            }
            if call.path.subresource == "status" {
                guard let current else { throw KubeStatus.notFound(kind, name) }
                let status = MergePatch.apply(intent["status"] ?? .null, to: current.value["status"] ?? .null)
                var next = current.value
                next.set(["status"], status)
                let stored = try await write(kind, name: name, current: current, next: next, call)
                return objectResponse(stored, call)
            }
            var fields = ManagedFields(of: current?.value)
            var merged = try fields.apply(
                intent,
                over: current?.value,
                manager: manager,
                force: call.options.force,
                kind: kind,
                name: name
            )
            merged.set(["apiVersion"], .string(kind.apiVersion))
            merged.set(["kind"], .string(kind.kind))
            merged.set(["metadata", "name"], .string(name))
            merged.set(["metadata", "managedFields"], fields.value)
            do {
                let (stored, created) = try await storeApplied(kind, current: current, merged: merged, call)
                return objectResponse(stored, call, status: created ? 201 : 200)
            } catch {
                // Lost a race with another writer (or a concurrent create): read again and re-apply.
                let reason = (error.cause as? KubeStatus)?.reason
                if precondition != nil || (reason != "Conflict" && reason != "AlreadyExists") { throw error }
            }
        }
        throw KubeStatus.modified(kind, name)
    }

    /// Creates the applied object when there is none yet, else replaces `current` with it.
    private func storeApplied(
        _ kind: ResourceKind,
        current: StoredObject?,
        merged: Value,
        _ call: APICall
    ) async throws(KServeError) -> (StoredObject, created: Bool) {
        var object = merged
        if let current {
            object.set(["metadata", "resourceVersion"], .string(String(current.resourceVersion)))
            let stored = try await store.update(
                kind,
                namespace: call.path.namespace,
                object: object,
                dryRun: call.options.dryRun
            )
            return (stored, false)
        }
        let stored = try await store.create(
            kind,
            namespace: call.path.namespace,
            object: object,
            dryRun: call.options.dryRun
        )
        return (stored, true)
    }

    /// DELETE on an object: 200 with its last state; DeleteOptions preconditions are honoured.
    func delete(_ kind: ResourceKind, name: String, _ request: Request, _ call: APICall) async throws -> Response {
        let bytes = try await BodyReader.read(request, limit: maxBodyBytes)
        var dryRun = call.options.dryRun
        if !bytes.isEmpty {
            let options: Value
            do {
                options = try JSONParser.parse(bytes, source: "DeleteOptions")
            } catch {
                throw KubeStatus.badRequest("the DeleteOptions body could not be decoded: \(error.message)")
            }
            if options["dryRun"]?.arrayValue?.contains("All") == true { dryRun = true }
            if let preconditions = options["preconditions"] {
                guard let current = await store.get(kind, namespace: call.path.namespace, name: name) else {
                    throw KubeStatus.notFound(kind, name)
                }
                if let version = preconditions["resourceVersion"]?.stringValue,
                    version != String(current.resourceVersion)
                {
                    throw KubeStatus.modified(kind, name)
                }
                if let uid = preconditions["uid"]?.stringValue, uid != current.uid {
                    throw KubeStatus(
                        code: 409,
                        reason: "Conflict",
                        message: "Precondition failed: UID in precondition: \(uid), UID in object meta: "
                            + (current.uid ?? ""),
                        name: name,
                        group: kind.group,
                        kind: kind.plural
                    )
                }
            }
        }
        let deleted = try await store.delete(kind, namespace: call.path.namespace, name: name, dryRun: dryRun)
        return objectResponse(deleted, call)
    }

    /// DELETE on a collection: removes every selected object and answers the list of them.
    func deleteCollection(_ kind: ResourceKind, _ call: APICall) async throws -> Response {
        let listed = await store.list(kind, namespace: call.path.namespace)
        var deleted: [Value] = []
        for object in listed.objects
        where call.options.fieldSelector.matches(object) && call.options.labelSelector.matches(object) {
            // Another request may have deleted it meanwhile; that is fine.
            let gone = try? await store.delete(
                kind,
                namespace: object.namespace,
                name: object.name,
                dryRun: call.options.dryRun
            )
            if let gone { deleted.append(gone.value) }
        }
        return Self.response(
            [
                "apiVersion": .string(kind.apiVersion), "kind": .string(kind.kind + "List"),
                "metadata": ["resourceVersion": .string(String(await store.resourceVersion))],
                "items": .array(deleted),
            ]
        )
    }

    /// Checks the body's apiVersion, kind, name and namespace against the request and fills in what is missing.
    static func checkIdentity(_ object: inout Value, kind: ResourceKind, path: APIPath, name: String?) throws {
        guard object.objectValue != nil else {
            throw KubeStatus.badRequest("the request body must be an object, found \(object.kindDescription)")
        }
        if let apiVersion = object["apiVersion"]?.stringValue, apiVersion != kind.apiVersion {
            throw KubeStatus.badRequest(
                "the API version in the data (\(apiVersion)) does not match the expected API version "
                    + "(\(kind.apiVersion))"
            )
        }
        if let objectKind = object["kind"]?.stringValue, objectKind != kind.kind {
            throw KubeStatus.badRequest("the kind in the data (\(objectKind)) does not match \(kind.kind)")
        }
        object.set(["apiVersion"], .string(kind.apiVersion))
        object.set(["kind"], .string(kind.kind))
        if let name {
            let given = object.at(["metadata", "name"])?.stringValue
            if let given, given != name {
                throw KubeStatus.badRequest(
                    "the name of the object (\(given)) does not match the name on the URL (\(name))"
                )
            }
            object.set(["metadata", "name"], .string(name))
        }
        if kind.namespaced, let namespace = path.namespace {
            if let given = object.at(["metadata", "namespace"])?.stringValue, !given.isEmpty, given != namespace {
                throw KubeStatus.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request"
                )
            }
            object.set(["metadata", "namespace"], .string(namespace))
        }
    }

    static func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }
}
