import Core
import Resources

/// The discovery documents kubectl and client libraries read before they call the API.
enum Discovery {
    static let verbs: Value = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    static func apiVersions(serverAddress: String) -> Value {
        [
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]],
        ]
    }

    /// `/api/v1`: only namespaces are served from the core group.
    static var coreResources: Value {
        [
            "kind": "APIResourceList", "groupVersion": "v1",
            "resources": [
                [
                    "name": "namespaces", "singularName": "namespace", "namespaced": false, "kind": "Namespace",
                    "verbs": ["create", "get", "list", "watch"], "shortNames": ["ns"],
                ]
            ],
        ]
    }

    static var versions: [String] { ["v1beta1", "v1alpha1"] }

    static var group: Value {
        let versions: [Value] = versions.map { version in
            ["groupVersion": .string("\(ResourceKind.servingGroup)/\(version)"), "version": .string(version)]
        }
        return [
            "kind": "APIGroup", "apiVersion": "v1", "name": .string(ResourceKind.servingGroup),
            "versions": .array(versions), "preferredVersion": versions[0],
        ]
    }

    static var groupList: Value {
        var entry = group.objectValue ?? ValueObject()
        entry["kind"] = nil
        entry["apiVersion"] = nil
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": [.object(entry)]]
    }

    /// `/apis/serving.kserve.io/VERSION`, or nil for a version not served.
    static func resources(version: String) -> Value? {
        guard versions.contains(version) else { return nil }
        var resources: [Value] = []
        for kind in ResourceKind.allCases where kind.version == version {
            var entry: ValueObject = [
                "name": .string(kind.plural), "singularName": .string(kind.singular),
                "namespaced": .bool(kind.namespaced), "kind": .string(kind.kind), "verbs": verbs,
            ]
            if !kind.shortNames.isEmpty { entry["shortNames"] = .array(kind.shortNames.map(Value.string)) }
            entry["categories"] = ["kserve", "all"]
            resources.append(.object(entry))
            resources.append(
                [
                    "name": .string(kind.plural + "/status"), "singularName": "",
                    "namespaced": .bool(kind.namespaced), "kind": .string(kind.kind),
                    "verbs": ["get", "patch", "update"],
                ]
            )
        }
        return [
            "kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": .string("\(ResourceKind.servingGroup)/\(version)"), "resources": .array(resources),
        ]
    }

    static func version(_ serverVersion: String) -> Value {
        [
            "major": "1", "minor": "31", "gitVersion": .string("v1.31.0+kserve-\(serverVersion)"),
            "gitCommit": "", "gitTreeState": "clean", "buildDate": "", "goVersion": "", "compiler": "swift",
            "platform": "linux/amd64",
        ]
    }
}
