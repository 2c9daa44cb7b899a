import Core
import Resources

/// `metadata.managedFields`: which manager owns which fields, and server-side apply on top of it.
struct ManagedFields: Sendable {
    struct Entry: Sendable {
        var manager: String
        var operation: String
        var apiVersion: String
        var time: String
        var fields: FieldSet
        var subresource: String?
    }

    var entries: [Entry]

    init(entries: [Entry] = []) { self.entries = entries }

    init(of object: Value?) {
        entries = (object?.at(["metadata", "managedFields"])?.arrayValue ?? []).compactMap { entry in
            guard let manager = entry["manager"]?.stringValue, let operation = entry["operation"]?.stringValue else {
                return nil
            }
            return Entry(
                manager: manager,
                operation: operation,
                apiVersion: entry["apiVersion"]?.stringValue ?? "",
                time: entry["time"]?.stringValue ?? RFC3339.now(),
                fields: FieldSet(fieldsV1: entry["fieldsV1"] ?? .null),
                subresource: entry["subresource"]?.stringValue
            )
        }
    }

    var value: Value {
        .array(
            entries.filter { !$0.fields.isEmpty }.map { entry in
                var object: ValueObject = [
                    "manager": .string(entry.manager), "operation": .string(entry.operation),
                    "apiVersion": .string(entry.apiVersion), "time": .string(entry.time), "fieldsType": "FieldsV1",
                    "fieldsV1": entry.fields.fieldsV1,
                ]
                if let subresource = entry.subresource { object["subresource"] = .string(subresource) }
                return .object(object)
            }
        )
    }

    private mutating func entryIndex(manager: String, operation: String, apiVersion: String) -> Int {
        if let index = entries.firstIndex(where: {
            $0.manager == manager && $0.operation == operation && $0.subresource == nil
        }) {
            return index
        }
        entries.append(
            Entry(
                manager: manager,
                operation: operation,
                apiVersion: apiVersion,
                time: RFC3339.now(),
                fields: FieldSet()
            )
        )
        return entries.count - 1
    }

    /// Records an ordinary write (create, update, patch) by `manager`: it takes the fields whose values it set or
    /// changed; fields the write removed belong to nobody any more.
    mutating func recordUpdate(manager: String, old: Value?, new: Value, apiVersion: String) {
        let before = FieldSet.leaves(of: old ?? .null)
        let after = FieldSet.leaves(of: new)
        var changed: [[String]] = []
        for path in after.paths where old?.at(path) != new.at(path) { changed.append(path) }
        let removed = before.paths.subtracting(after.paths)
        for index in entries.indices {
            for path in removed where !after.paths.contains(where: { $0.starts(with: path) }) {
                entries[index].fields.remove(overlapping: path)
            }
        }
        guard !changed.isEmpty else {
            entries.removeAll { $0.fields.isEmpty }
            return
        }
        let mine = entryIndex(manager: manager, operation: "Update", apiVersion: apiVersion)
        for index in entries.indices where index != mine {
            for path in changed { entries[index].fields.remove(overlapping: path) }
        }
        for path in changed { entries[mine].fields.insert(path) }
        entries[mine].time = RFC3339.now()
        entries.removeAll { $0.fields.isEmpty }
    }

    /// Server-side apply of `applied` by `manager` over `live` (nil when creating). Returns the merged object;
    /// a field another manager owns with a different value is a 409 Conflict naming the field and the manager,
    /// unless `force` takes it over.
    mutating func apply(
        _ applied: Value,
        over live: Value?,
        manager: String,
        force: Bool,
        kind: ResourceKind,
        name: String
    ) throws(KServeError) -> Value {
        let intent = FieldSet.leaves(of: applied)
        var conflicts: [(manager: String, operation: String, field: [String])] = []
        for index in entries.indices where entries[index].manager != manager {
            for path in intent.paths {
                for owned in entries[index].fields.overlapping(path) {
                    let compared = owned.count > path.count ? owned : path
                    guard live?.at(compared) != applied.at(compared) else { continue }
                    if force {
                        entries[index].fields.remove(overlapping: owned)
                    } else {
                        conflicts.append((entries[index].manager, entries[index].operation, compared))
                    }
                }
            }
        }
        if !conflicts.isEmpty, !force {
            throw Self.conflictStatus(conflicts, kind: kind, name: name).error
        }
        let mine = entryIndex(manager: manager, operation: "Apply", apiVersion: kind.apiVersion)
        let previous = entries[mine].fields
        var result = live ?? .object(ValueObject())
        // Fields this manager applied before and dropped now go away, unless another manager owns them too.
        for path in previous.paths where !intent.paths.contains(path) {
            let sharedElsewhere = entries.indices.contains { index in
                index != mine && !entries[index].fields.overlapping(path).isEmpty
            }
            if !sharedElsewhere, !intent.paths.contains(where: { $0.starts(with: path) || path.starts(with: $0) }) {
                result.remove(path)
            }
        }
        for path in intent.paths.sorted(by: { $0.count < $1.count }) {
            if let value = applied.at(path) { result.set(path, value) }
        }
        if entries[mine].fields != intent || result != live {
            entries[mine].time = RFC3339.now()
        }
        entries[mine].fields = intent
        entries.removeAll { $0.fields.isEmpty && $0.manager != manager }
        return result
    }

    static func conflictStatus(
        _ conflicts: [(manager: String, operation: String, field: [String])],
        kind: ResourceKind,
        name: String
    ) -> KubeStatus {
        func who(_ conflict: (manager: String, operation: String, field: [String])) -> String {
            "conflict with \"\(conflict.manager)\""
                + (conflict.operation == "Update" ? " using \(kind.apiVersion)" : "")
        }
        let count = conflicts.count
        let summary: String
        if count == 1 {
            summary = "Apply failed with 1 conflict: \(who(conflicts[0])): \(FieldSet.describe(conflicts[0].field))"
        } else {
            summary =
                "Apply failed with \(count) conflicts: "
                + conflicts.map { "\(who($0)): \(FieldSet.describe($0.field))" }.joined(separator: ", ")
        }
        return KubeStatus(
            code: 409,
            reason: "Conflict",
            message: summary,
            name: name,
            group: kind.group,
            kind: kind.plural,
            causes: conflicts.map { conflict in
                .init(reason: "FieldManagerConflict", message: who(conflict), field: FieldSet.describe(conflict.field))
            }
        )
    }
}

extension Value {
    /// Removes the value at a path of object keys; empty objects left behind are removed too.
    mutating func remove(_ path: [String]) {
        guard let first = path.first, var object = objectValue else { return }
        if path.count == 1 {
            object[first] = nil
        } else if var child = object[first] {
            child.remove(Array(path.dropFirst()))
            object[first] = child.objectValue?.isEmpty == true ? nil : child
        }
        self = .object(object)
    }
}
