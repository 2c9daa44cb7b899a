/// Builds `Value` documents from libyaml events: resolves scalars and tags, copies aliases, applies merge keys.
///
/// Collections are built on an explicit stack, so deep input cannot exhaust the call stack; nesting and the total
/// number of nodes (aliases expanded) are capped so that hostile input fails with a clear error. When recording
/// locations, each node's key and value positions go into the document's ``SourceMap``; an alias records only its
/// own site, so the map grows with the input, not with what aliases copy.
struct YAMLComposer {
    private enum Frame {
        case sequence(YAMLSequenceBuilder)
        case mapping(YAMLMappingBuilder)
    }

    private enum Tag {
        static let string = "tag:yaml.org,2002:str"
        static let integer = "tag:yaml.org,2002:int"
        static let float = "tag:yaml.org,2002:float"
        static let bool = "tag:yaml.org,2002:bool"
        static let null = "tag:yaml.org,2002:null"
        static let merge = "tag:yaml.org,2002:merge"
        /// The non-specific tag `!`: the scalar is a string.
        static let nonSpecific = "!"
    }

    private let reader: YAMLEventReader
    private let maximumNodes: Int
    private let maximumDepth: Int
    private let recordingLocations: Bool
    private var anchors: [String: YAMLNode] = [:]
    private var totalNodes = 0
    private var recorder = YAMLLocationRecorder()

    init(reader: YAMLEventReader, maximumNodes: Int, maximumDepth: Int, recordingLocations: Bool = false) {
        self.reader = reader
        self.maximumNodes = maximumNodes
        self.maximumDepth = maximumDepth
        self.recordingLocations = recordingLocations
    }

    /// Every document of the stream; empty documents are counted in `index` but not returned.
    mutating func documents() throws(ParseFailure) -> [YAMLDocument] {
        var documents: [YAMLDocument] = []
        var index = 0
        while true {
            let (event, location) = try reader.next()
            switch event {
            case .streamStart:
                continue
            case .streamEnd:
                return documents
            case .documentStart:
                anchors = [:]
                recorder.reset()
                let root = try node()
                let (end, endLocation) = try reader.next()
                guard case .documentEnd = end else { throw failure("expected the end of the document", endLocation) }
                if !root.isEmpty {
                    let sourceMap = recordingLocations ? SourceMap(start: location, nodes: recorder.nodes) : nil
                    documents.append(
                        YAMLDocument(value: root.value, index: index, location: location, sourceMap: sourceMap)
                    )
                }
                recorder.reset()
                index += 1
            default:
                throw failure("unexpected YAML event outside a document", location)
            }
        }
    }

    /// Reads events until one whole node (a scalar, an alias or a complete collection) is built.
    private mutating func node() throws(ParseFailure) -> YAMLNode {
        var stack: [Frame] = []
        while true {
            let (event, location) = try reader.next()
            let slot = recordingLocations && event.startsNode ? self.slot(in: stack.last, location) : .unrecorded
            let recordIndex: Int? = if case .value(let index) = slot { index } else { nil }
            let completed: YAMLNode
            switch event {
            case .scalar(let scalar):
                try count(1, location)
                completed = try scalarNode(scalar, location)
                if let anchor = scalar.anchor { anchors[anchor] = completed }
                if case .key = slot, case .mapping(let parent)? = stack.last {
                    recorder.key(completed, of: parent, location)
                }
            case .alias(let anchor):
                guard var target = anchors[anchor] else {
                    throw failure("alias *\(anchor) refers to an anchor that is not defined before it", location)
                }
                try count(target.nodes, location)
                target.location = location
                target.isEmpty = false
                completed = target
                if case .key = slot, case .mapping(let parent)? = stack.last {
                    recorder.key(completed, of: parent, location)
                }
            case .sequenceStart(let anchor):
                try enter(depth: stack.count, location)
                stack.append(
                    .sequence(YAMLSequenceBuilder(anchor: anchor, location: location, recordIndex: recordIndex))
                )
                continue
            case .mappingStart(let anchor):
                try enter(depth: stack.count, location)
                stack.append(.mapping(YAMLMappingBuilder(anchor: anchor, location: location, recordIndex: recordIndex)))
                continue
            case .sequenceEnd:
                guard case .sequence(let builder)? = stack.popLast() else {
                    throw failure("unexpected end of a sequence", location)
                }
                recorder.close(builder.recordIndex)
                completed = YAMLNode(value: .array(builder.items), nodes: builder.nodes, location: builder.location)
                if let anchor = builder.anchor { anchors[anchor] = completed }
            case .mappingEnd:
                guard case .mapping(let builder)? = stack.popLast() else {
                    throw failure("unexpected end of a mapping", location)
                }
                recorder.close(builder.recordIndex)
                completed = YAMLNode(value: builder.finish(), nodes: builder.nodes, location: builder.location)
                if let anchor = builder.anchor { anchors[anchor] = completed }
            case .streamStart, .streamEnd, .documentStart, .documentEnd:
                throw failure("unexpected YAML event inside a document", location)
            }
            guard let parent = stack.last else { return completed }
            switch parent {
            case .sequence(let builder):
                builder.items.append(completed.value)
                builder.nodes += completed.nodes
            case .mapping(let builder):
                try builder.add(completed, source: reader.source)
            }
        }
    }

    /// Records the node that starts at `location` under `parent` (or as the root) and says what it is there.
    private mutating func slot(in parent: Frame?, _ location: SourceLocation) -> YAMLLocationRecorder.Slot {
        switch parent {
        case nil: return recorder.root(location)
        case .sequence(let builder): return recorder.item(of: builder, location)
        case .mapping(let builder): return recorder.entry(of: builder, location)
        }
    }

    private func scalarNode(_ scalar: YAMLScalarEvent, _ location: SourceLocation) throws(ParseFailure) -> YAMLNode {
        let text = scalar.text
        let value: Value
        switch scalar.tag {
        case .some(Tag.string), .some(Tag.nonSpecific):
            value = .string(text)
        case .some(Tag.integer):
            guard let integer = YAMLScalarResolver.integer(text) else {
                throw failure("!!int value \(Self.quoted(text)) is not an integer", location)
            }
            value = integer
        case .some(Tag.float):
            guard let double = YAMLScalarResolver.float(text) ?? YAMLScalarResolver.integer(text)?.doubleValue else {
                throw failure("!!float value \(Self.quoted(text)) is not a number", location)
            }
            value = .double(double)
        case .some(Tag.bool):
            guard let bool = YAMLScalarResolver.bool(text) else {
                throw failure("!!bool value \(Self.quoted(text)) is not a boolean", location)
            }
            value = .bool(bool)
        case .some(Tag.null):
            guard YAMLScalarResolver.isNull(text) else {
                throw failure("!!null value \(Self.quoted(text)) is not null", location)
            }
            value = .null
        default:
            // No tag, or one this reader does not interpret (local tags, !!binary, !!timestamp): resolve as untagged.
            value = scalar.isPlain ? YAMLScalarResolver.resolve(text) : .string(text)
        }
        let untaggedPlain = scalar.isPlain && scalar.tag == nil
        return YAMLNode(
            value: value,
            nodes: 1,
            keyText: text,
            isMergeKey: text == "<<" && (untaggedPlain || scalar.tag == Tag.merge),
            isEmpty: untaggedPlain && scalar.anchor == nil && text.isEmpty,
            location: location
        )
    }

    private mutating func enter(depth: Int, _ location: SourceLocation) throws(ParseFailure) {
        guard depth < maximumDepth else {
            throw failure("collections nested deeper than \(maximumDepth) levels", location)
        }
        try count(1, location)
    }

    /// Adds to the running total of nodes; aliases add the whole size of what they copy.
    private mutating func count(_ nodes: Int, _ location: SourceLocation) throws(ParseFailure) {
        let (sum, overflow) = totalNodes.addingReportingOverflow(nodes)
        guard !overflow, sum <= maximumNodes else {
            throw failure(
                "the YAML expands to more than \(maximumNodes) nodes once aliases are copied; refusing to build it",
                location
            )
        }
        totalNodes = sum
    }

    private func failure(_ problem: String, _ location: SourceLocation) -> ParseFailure {
        ParseFailure(source: reader.source, location: location, problem: problem)
    }

    /// Text for an error message: quoted, and cut short when long.
    static func quoted(_ text: String) -> String {
        let limit = 60
        guard text.count > limit else { return "\"\(text)\"" }
        return "\"\(text.prefix(limit))...\""
    }
}

/// The items of a sequence being built.
final class YAMLSequenceBuilder {
    let anchor: String?
    let location: SourceLocation
    /// The sequence's node in the document's ``SourceMap``; nil when its nodes are not recorded.
    let recordIndex: Int?
    var items: [Value] = []
    var nodes = 1

    init(anchor: String?, location: SourceLocation, recordIndex: Int? = nil) {
        self.anchor = anchor
        self.location = location
        self.recordIndex = recordIndex
    }
}

extension YAMLEvent {
    /// True for the events that begin a node: a scalar, an alias, or a collection's start.
    fileprivate var startsNode: Bool {
        switch self {
        case .scalar, .alias, .sequenceStart, .mappingStart: return true
        default: return false
        }
    }
}
