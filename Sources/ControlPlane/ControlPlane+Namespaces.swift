import Core
import Hummingbird
import Resources

extension ControlPlane {
    /// `/api/v1/namespaces[/NAME]`: list, get and create. Namespaces also appear when an object is created in them.
    func namespaces(_ request: Request, _ call: APICall) async throws -> Response {
        switch (request.method, call.path.name) {
        case (.get, nil):
            let listed = await store.namespaces()
            let items = listed.objects.filter { namespace in
                let name = namespace.at(["metadata", "name"])?.stringValue ?? ""
                return call.options.fieldSelector.requirements.allSatisfy { requirement in
                    requirement.field != "metadata.name" || (name == requirement.value) == requirement.equal
                }
            }
            let metadata: ValueObject = ["resourceVersion": .string(String(listed.resourceVersion))]
            if call.table {
                return Self.response(
                    ResourceTable.table(
                        nil,
                        objects: items,
                        listMetadata: metadata,
                        now: Self.now(),
                        includeObject: call.includeObject
                    )
                )
            }
            return Self.response(
                ["apiVersion": "v1", "kind": "NamespaceList", "metadata": .object(metadata), "items": .array(items)]
            )
        case (.get, let name?):
            guard let namespace = await store.namespace(name) else {
                throw KubeStatus(
                    code: 404,
                    reason: "NotFound",
                    message: "namespaces \"\(name)\" not found",
                    name: name,
                    kind: "namespaces"
                )
            }
            if call.table {
                return Self.response(
                    ResourceTable.table(
                        nil,
                        objects: [namespace],
                        listMetadata: [:],
                        now: Self.now(),
                        includeObject: call.includeObject
                    )
                )
            }
            return Self.response(namespace)
        case (.post, nil):
            let object = try await body(request)
            guard let name = object.at(["metadata", "name"])?.stringValue else {
                throw KubeStatus(
                    code: 422,
                    reason: "Invalid",
                    message: "Namespace \"\" is invalid: metadata.name: Required value: name is required",
                    kind: "Namespace",
                    causes: [.init(reason: "FieldValueRequired", message: "Required value", field: "metadata.name")]
                )
            }
            let created = try await store.createNamespace(name, dryRun: call.options.dryRun)
            return Self.response(created, status: 201)
        default:
            throw KubeStatus.methodNotAllowed("\(request.method) is not supported on namespaces by this server")
        }
    }
}
