import Core
import Resources

/// One object the control plane holds: its identity, the whole object as clients see it, and its versions.
package struct StoredObject: Sendable, Equatable {
    package var kind: ResourceKind
    /// nil for cluster-scoped kinds.
    package var namespace: String?
    package var name: String
    /// The whole object: apiVersion, kind, metadata (uid, resourceVersion, generation, creationTimestamp,
    /// managedFields, ...), spec and status.
    package var value: Value
    package var resourceVersion: UInt64
    package var generation: Int64

    package init(
        kind: ResourceKind,
        namespace: String?,
        name: String,
        value: Value,
        resourceVersion: UInt64,
        generation: Int64
    ) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.value = value
        self.resourceVersion = resourceVersion
        self.generation = generation
    }

    var key: ObjectKey { ObjectKey(kind: kind, namespace: namespace, name: name) }

    /// `metadata.uid`, used to tell a re-created object from the one it replaced.
    var uid: String? { value["metadata"]?["uid"]?.stringValue }
}

/// One change to the store, as a watch reports it.
package struct StoreEvent: Sendable {
    package enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }

    package var kind: Kind
    /// The object after the change; for a deletion, the last state with the deletion's resourceVersion.
    package var object: StoredObject

    package init(kind: Kind, object: StoredObject) {
        self.kind = kind
        self.object = object
    }
}

/// Where an object lives: kind, namespace (nil when cluster-scoped) and name.
package struct ObjectKey: Hashable, Sendable, Comparable {
    var kind: ResourceKind
    var namespace: String?
    var name: String

    package static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        if lhs.kind != rhs.kind { return lhs.kind.rawValue < rhs.kind.rawValue }
        if lhs.namespace != rhs.namespace { return (lhs.namespace ?? "") < (rhs.namespace ?? "") }
        return lhs.name < rhs.name
    }

    /// `inferenceservices "iris"` as Kubernetes messages name objects.
    var described: String { "\(kind.plural).\(kind.group) \"\(name)\"" }
}
