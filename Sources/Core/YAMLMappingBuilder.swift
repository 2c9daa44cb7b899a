/// A node the composer has finished: its value plus what a parent mapping needs to use it as a key.
struct YAMLNode {
    var value: Value
    /// How many nodes the value holds, aliases expanded; the composer caps the sum.
    var nodes: Int
    /// The scalar's text as written, used when the node is a mapping key; nil for collections.
    var keyText: String?
    /// A plain `<<` (or `!!merge`): YAML 1.1's merge key.
    var isMergeKey = false
    /// A plain, untagged, empty scalar: what libyaml reports for an empty document.
    var isEmpty = false
    var location: SourceLocation
}

/// Collects one mapping: rejects non-scalar and duplicate keys, and applies YAML 1.1 merge keys.
///
/// Merge keys (`<<: *base` or `<<: [*a, *b]`) insert the merged keys at the place of the `<<`; keys written
/// explicitly in the mapping win over merged ones wherever they appear, and an earlier mapping in a merge list wins
/// over a later one.
final class YAMLMappingBuilder {
    private enum Entry {
        case pair(String, Value)
        case merge([(key: String, value: Value)])
    }

    private enum PendingKey {
        case key(String)
        case merge
    }

    let anchor: String?
    let location: SourceLocation
    /// The mapping's node in the document's ``SourceMap``; nil when its nodes are not recorded.
    let recordIndex: Int?
    /// The recorded node of the key read last, which its value fills; nil after a merge key.
    var pendingRecord: Int?
    var nodes = 1
    private var entries: [Entry] = []
    private var explicitKeys: [String: SourceLocation] = [:]
    private var mergeLocation: SourceLocation?
    private var pendingKey: PendingKey?

    init(anchor: String?, location: SourceLocation, recordIndex: Int? = nil) {
        self.anchor = anchor
        self.location = location
        self.recordIndex = recordIndex
    }

    /// True after a key, while its value is expected.
    var awaitsValue: Bool { pendingKey != nil }

    /// Takes the next key or value, in document order.
    func add(_ node: YAMLNode, source: String) throws(ParseFailure) {
        nodes += node.nodes
        if let pending = pendingKey {
            pendingKey = nil
            switch pending {
            case .key(let key): entries.append(.pair(key, node.value))
            case .merge: entries.append(.merge(try mergedEntries(node, source: source)))
            }
            return
        }
        guard let key = node.keyText else {
            throw ParseFailure(
                source: source,
                location: node.location,
                problem: "a mapping key must be a scalar, not \(node.value.kindDescription)"
            )
        }
        if node.isMergeKey {
            if let first = mergeLocation {
                throw ParseFailure(
                    source: source,
                    location: node.location,
                    problem: "duplicate merge key \"<<\" (first at \(first))"
                )
            }
            mergeLocation = node.location
            pendingKey = .merge
            return
        }
        if let first = explicitKeys[key] {
            throw ParseFailure(
                source: source,
                location: node.location,
                problem: "duplicate key \(YAMLComposer.quoted(key)) (first at \(first))"
            )
        }
        explicitKeys[key] = node.location
        pendingKey = .key(key)
    }

    func finish() -> Value {
        var object = ValueObject()
        var present = Set<String>()
        for entry in entries {
            switch entry {
            case .pair(let key, let value):
                object[key] = value
                present.insert(key)
            case .merge(let merged):
                for (key, value) in merged where explicitKeys[key] == nil && !present.contains(key) {
                    object[key] = value
                    present.insert(key)
                }
            }
        }
        return .object(object)
    }

    private func mergedEntries(_ node: YAMLNode, source: String) throws(ParseFailure) -> [(key: String, value: Value)] {
        let failure = ParseFailure(
            source: source,
            location: node.location,
            problem: "the value of a merge key \"<<\" must be a mapping or a sequence of mappings"
        )
        switch node.value {
        case .object(let object):
            return object.entries
        case .array(let items):
            var merged: [(key: String, value: Value)] = []
            var seen = Set<String>()
            for item in items {
                guard case .object(let object) = item else { throw failure }
                for (key, value) in object where seen.insert(key).inserted {
                    merged.append((key, value))
                }
            }
            return merged
        default:
            throw failure
        }
    }
}
