import Core
import Resources

/// The OpenAPI v3 documents kubectl reads before `apply`: it checks that the PATCH operation of the kind takes the
/// `fieldValidation` query parameter (then the server validates), and treats the kinds as schemaless custom
/// resources, which it patches with JSON merge patches.
enum OpenAPI {
    /// `/openapi/v3`: where each group-version's document is.
    static func root(hash: String) -> Value {
        var paths = ValueObject()
        for groupVersion in groupVersions {
            paths[groupVersion] = ["serverRelativeURL": .string("/openapi/v3/\(groupVersion)?hash=\(hash)")]
        }
        return ["paths": .object(paths)]
    }

    static var groupVersions: [String] {
        ["api/v1"] + Discovery.versions.map { "apis/\(ResourceKind.servingGroup)/\($0)" }
    }

    /// `/openapi/v3/api/v1` or `/openapi/v3/apis/serving.kserve.io/VERSION`; nil for anything else.
    static func document(_ groupVersion: String, serverVersion: String) -> Value? {
        guard groupVersions.contains(groupVersion) else { return nil }
        var paths = ValueObject()
        var schemas = ValueObject()
        if groupVersion == "api/v1" {
            paths["/api/v1/namespaces/{name}"] = pathItem(group: "", version: "v1", kind: "Namespace")
            schemas["io.k8s.api.core.v1.Namespace"] = schema(group: "", version: "v1", kind: "Namespace")
        } else {
            for kind in ResourceKind.allCases where "apis/\(kind.apiVersion)" == groupVersion {
                let collection = kind.collectionPath(namespace: kind.namespaced ? "{namespace}" : nil)
                paths[collection + "/{name}"] = pathItem(group: kind.group, version: kind.version, kind: kind.kind)
                paths[collection + "/{name}/status"] = pathItem(
                    group: kind.group,
                    version: kind.version,
                    kind: kind.kind
                )
                schemas["io.kserve.serving.\(kind.version).\(kind.kind)"] = schema(
                    group: kind.group,
                    version: kind.version,
                    kind: kind.kind
                )
            }
        }
        return [
            "openapi": "3.0.0",
            "info": ["title": "Kubernetes", "version": .string(serverVersion)],
            "paths": .object(paths),
            "components": ["schemas": .object(schemas)],
        ]
    }

    private static func gvk(group: String, version: String, kind: String) -> Value {
        ["group": .string(group), "version": .string(version), "kind": .string(kind)]
    }

    private static func queryParameter(_ name: String, type: String) -> Value {
        ["name": .string(name), "in": "query", "schema": ["type": .string(type), "uniqueItems": true]]
    }

    private static func pathItem(group: String, version: String, kind: String) -> Value {
        let response: Value = [
            "200": ["description": "OK", "content": ["application/json": ["schema": ["type": "object"]]]]
        ]
        func operation(_ action: String, parameters: [Value]) -> Value {
            [
                "operationId": .string(action + kind), "parameters": .array(parameters), "responses": response,
                "x-kubernetes-action": .string(action),
                "x-kubernetes-group-version-kind": gvk(group: group, version: version, kind: kind),
            ]
        }
        let writeParameters = [
            queryParameter("dryRun", type: "string"), queryParameter("fieldManager", type: "string"),
            queryParameter("fieldValidation", type: "string"),
        ]
        return [
            "get": operation("get", parameters: []),
            "put": operation("put", parameters: writeParameters),
            "patch": operation("patch", parameters: writeParameters + [queryParameter("force", type: "boolean")]),
            "parameters": [
                ["name": "name", "in": "path", "required": true, "schema": ["type": "string"]],
                ["name": "namespace", "in": "path", "required": true, "schema": ["type": "string"]],
            ],
        ]
    }

    private static func schema(group: String, version: String, kind: String) -> Value {
        [
            "type": "object",
            "properties": [
                "apiVersion": ["type": "string"], "kind": ["type": "string"],
                "metadata": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
                "spec": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
                "status": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
            ],
            "x-kubernetes-group-version-kind": [gvk(group: group, version: version, kind: kind)],
        ]
    }
}
