/// Records, while the composer builds a document, where each node was written: one ``SourceMap`` node per event
/// that starts a node, in document order, with the end of each collection's subtree.
struct YAMLLocationRecorder {
    /// What the next node is to its parent.
    enum Slot {
        /// A value (the root, a sequence item, a mapping value) filling this recorded node.
        case value(Int)
        /// A key of a recorded mapping.
        case key
        /// Not recorded: inside a merge key's value or a non-scalar key, or locations are off.
        case unrecorded
    }

    private(set) var nodes: [SourceMap.Node] = []

    mutating func reset() {
        nodes = []
    }

    mutating func root(_ location: SourceLocation) -> Slot {
        .value(append(.root, key: nil, value: location))
    }

    mutating func item(of sequence: YAMLSequenceBuilder, _ location: SourceLocation) -> Slot {
        guard sequence.recordIndex != nil else { return .unrecorded }
        return .value(append(.index(sequence.items.count), key: nil, value: location))
    }

    /// The value of the key recorded last fills that key's node; a key opens none until it is read.
    mutating func entry(of mapping: YAMLMappingBuilder, _ location: SourceLocation) -> Slot {
        guard mapping.recordIndex != nil else { return .unrecorded }
        guard mapping.awaitsValue else { return .key }
        guard let pending = mapping.pendingRecord else { return .unrecorded }
        nodes[pending].entry.value = location
        return .value(pending)
    }

    /// A key just read: a scalar key opens the node its value fills; a merge key or a non-scalar key opens none.
    mutating func key(_ node: YAMLNode, of mapping: YAMLMappingBuilder, _ location: SourceLocation) {
        guard let text = node.keyText, !node.isMergeKey else {
            mapping.pendingRecord = nil
            return
        }
        mapping.pendingRecord = append(.key(text), key: location, value: location)
    }

    /// A collection is complete: its subtree ends here.
    mutating func close(_ recordIndex: Int?) {
        guard let recordIndex else { return }
        nodes[recordIndex].end = nodes.count
    }

    private mutating func append(_ step: SourceMap.Step, key: SourceLocation?, value: SourceLocation) -> Int {
        nodes.append(SourceMap.Node(step: step, entry: SourceMap.Entry(key: key, value: value), end: nodes.count + 1))
        return nodes.count - 1
    }
}
