/// Where the nodes of one parsed document were written, looked up by path, so that a check of the document's
/// `Value` can name the line of the field it rejects.
///
/// Paths: `""` is the document's root. A mapping key is appended as `.key` (without the dot at the root:
/// `metadata.name`), or as `["key"]` (JSON string escapes) when the key is empty or holds `.`, `[`, `]`, `"`, `\`
/// or a control character (`metadata.annotations["serving.kserve.io/deploymentMode"]`). A sequence item is
/// appended as `[index]` (`items[0].metadata`, `spec.containers[1].name`). ``path(_:key:)`` and
/// ``path(_:index:)`` build them.
///
/// Each node is recorded where it was written; an alias is recorded at the alias, not at what it copies, and the
/// keys a merge key (`<<`) brings in are not recorded, so lookups under them fall back to the alias or the mapping.
/// Nodes are kept in document order with the end of each subtree, which costs the parser one append per node;
/// a lookup walks from the root through the children of each step.
package struct SourceMap: Hashable, Sendable {
    /// The positions of one node.
    package struct Entry: Hashable, Sendable {
        /// Where its key is written (`name:`); nil for the root and for sequence items.
        package var key: SourceLocation?
        /// Where its value starts.
        package var value: SourceLocation

        package init(key: SourceLocation?, value: SourceLocation) {
            self.key = key
            self.value = value
        }
    }

    /// One step of a path.
    enum Step: Hashable, Sendable {
        case root
        case key(String)
        case index(Int)
    }

    /// A recorded node: its step from its parent, its positions, and the index just past its subtree.
    struct Node: Hashable, Sendable {
        var step: Step
        var entry: Entry
        var end: Int
    }

    /// Where the document starts (its `---`, or its first token); for a scoped map, where the scope's node starts.
    package private(set) var start: SourceLocation
    private var nodes: [Node]
    /// The node lookups start from; nil when nothing is recorded (or the scope was not found).
    private var root: Int?

    /// A map that knows only where the document starts.
    package init(start: SourceLocation) {
        self.init(start: start, nodes: [])
    }

    /// `nodes` in document order, the root first, each `end` past its own index.
    init(start: SourceLocation, nodes: [Node]) {
        self.start = start
        self.nodes = nodes
        root = nodes.isEmpty ? nil : 0
    }

    /// How many nodes are recorded (in the whole document, whatever the scope).
    package var count: Int { nodes.count }

    /// The positions recorded for exactly `path`, or nil.
    package func entry(at path: String) -> Entry? {
        let (node, exact) = nearest(path)
        guard exact, let node else { return nil }
        return nodes[node].entry
    }

    /// The best line for a message about `path`: its key (or its value when it has no key), else the nearest
    /// recorded ancestor's, else ``start``. A missing `metadata.name` so points at `metadata:`.
    package func location(of path: String) -> SourceLocation {
        guard let node = nearest(path).node else { return start }
        return nodes[node].entry.key ?? nodes[node].entry.value
    }

    /// Where the value at `path` starts, else the nearest recorded ancestor's value, else ``start``.
    package func valueLocation(of path: String) -> SourceLocation {
        guard let node = nearest(path).node else { return start }
        return nodes[node].entry.value
    }

    /// The same map seen from the node at `path` (an item of a `List`): lookups are relative to it and ``start``
    /// is where it starts. The nodes are shared, not copied. When `path` was not recorded, every lookup gives
    /// ``start``, the nearest recorded ancestor's value.
    package func scoped(to path: String) -> SourceMap {
        var scoped = self
        let (node, exact) = nearest(path)
        scoped.start = valueLocation(of: path)
        scoped.root = exact ? node : nil
        return scoped
    }

    /// ``scoped(to:)`` for each recorded item of the sequence at `path`, in order, in one walk (scoping item `i`
    /// alone walks past the `i` items before it).
    package func itemScopes(of path: String) -> [SourceMap] {
        let (node, exact) = nearest(path)
        guard exact, let node else { return [] }
        var scopes: [SourceMap] = []
        let end = min(nodes[node].end, nodes.count)
        var index = node + 1
        while index < end {
            var scoped = self
            scoped.start = nodes[index].entry.value
            scoped.root = index
            scopes.append(scoped)
            index = max(nodes[index].end, index + 1)
        }
        return scopes
    }

    /// `parent.key`, or `parent["key"]` for a key that would be ambiguous after a dot.
    package static func path(_ parent: String, key: String) -> String {
        guard needsBrackets(key) else { return parent.isEmpty ? key : parent + "." + key }
        var quoted = "[\""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case "\r": quoted += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                quoted += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return parent + quoted + "\"]"
    }

    /// `parent[index]`.
    package static func path(_ parent: String, index: Int) -> String {
        parent + "[\(index)]"
    }

    private static func needsBrackets(_ key: String) -> Bool {
        key.isEmpty
            || key.utf8.contains { byte in
                byte == UInt8(ascii: ".") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
                    || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20
            }
    }

    /// The deepest recorded node along `path` from the scope's root, and whether it is the node of `path` itself.
    /// A path that does not parse matches only the root.
    private func nearest(_ path: String) -> (node: Int?, exact: Bool) {
        guard let root else { return (nil, false) }
        guard let steps = SourceMapPath.steps(path) else { return (root, false) }
        var current = root
        for step in steps {
            guard let child = child(of: current, step) else { return (current, false) }
            current = child
        }
        return (current, true)
    }

    private func child(of parent: Int, _ step: Step) -> Int? {
        let end = min(nodes[parent].end, nodes.count)
        var index = parent + 1
        while index < end {
            if nodes[index].step == step { return index }
            // Each node's end lies past it; `max` keeps a walk moving even over a malformed end.
            index = max(nodes[index].end, index + 1)
        }
        return nil
    }
}
