import Core

/// The fields of an object as paths of keys, the unit server-side apply tracks ownership in. Lists (and empty
/// objects and scalars) are leaves: custom resources without list-type markers treat lists as atomic.
struct FieldSet: Sendable, Equatable {
    private(set) var paths: Set<[String]>

    init(_ paths: Set<[String]> = []) { self.paths = paths }

    var isEmpty: Bool { paths.isEmpty }

    /// Fields no client owns: identity and server-maintained metadata, and the status (a subresource).
    static func isTracked(_ path: [String]) -> Bool {
        guard let first = path.first else { return false }
        if first == "apiVersion" || first == "kind" || first == "status" { return false }
        if first == "metadata" {
            guard path.count > 1 else { return false }
            return ![
                "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
                "managedFields", "deletionTimestamp", "selfLink",
            ].contains(path[1])
        }
        return true
    }

    /// The leaf fields of an object.
    static func leaves(of value: Value) -> FieldSet {
        var paths: Set<[String]> = []
        collect(value, prefix: [], into: &paths)
        return FieldSet(paths.filter(isTracked))
    }

    private static func collect(_ value: Value, prefix: [String], into paths: inout Set<[String]>) {
        if case .object(let object) = value, !object.isEmpty {
            for (key, child) in object { collect(child, prefix: prefix + [key], into: &paths) }
        } else if !prefix.isEmpty {
            paths.insert(prefix)
        }
    }

    /// The fields of the set that overlap `path` (equal, above or below it).
    func overlapping(_ path: [String]) -> [[String]] {
        paths.filter { owned in
            owned.count <= path.count
                ? Array(path.prefix(owned.count)) == owned : Array(owned.prefix(path.count)) == path
        }
    }

    mutating func insert(_ path: [String]) { paths.insert(path) }

    mutating func remove(overlapping path: [String]) {
        for owned in overlapping(path) { paths.remove(owned) }
    }

    /// Kubernetes' FieldsV1 form: `{"f:spec": {"f:predictor": {"f:minReplicas": {}}}}`.
    var fieldsV1: Value {
        var root = Value.object(ValueObject())
        for path in paths.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            root.set(path.map { "f:" + $0 }, .object(ValueObject()))
        }
        return root
    }

    /// Reads FieldsV1 back; `k:`/`v:`/`i:` list entries count as owning their whole list.
    init(fieldsV1: Value) {
        var paths: Set<[String]> = []
        Self.read(fieldsV1, prefix: [], into: &paths)
        self.paths = paths
    }

    private static func read(_ value: Value, prefix: [String], into paths: inout Set<[String]>) {
        guard let object = value.objectValue else { return }
        var children = 0
        for (key, child) in object {
            if key.hasPrefix("f:") {
                children += 1
                read(child, prefix: prefix + [String(key.dropFirst(2))], into: &paths)
            } else if key != "." {
                children += 1
                if !prefix.isEmpty { paths.insert(prefix) }
            }
        }
        if children == 0, !prefix.isEmpty { paths.insert(prefix) }
    }

    /// `.spec.predictor.minReplicas`, as conflicts name fields.
    static func describe(_ path: [String]) -> String {
        path.map { "." + $0 }.joined()
    }
}
