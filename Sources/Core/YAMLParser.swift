/// One document of a YAML stream.
package struct YAMLDocument: Hashable, Sendable {
    package var value: Value
    /// Position in the stream from 0, counting empty documents too, so it matches what a reader counts by `---`.
    package var index: Int
    /// Where the document starts (its `---`, or its first token when the start is implicit).
    package var location: SourceLocation
    /// Where each node was written, by path (see ``SourceMap``); only the start when locations were not recorded.
    package var sourceMap: SourceMap

    package init(value: Value, index: Int, location: SourceLocation, sourceMap: SourceMap? = nil) {
        self.value = value
        self.index = index
        self.location = location
        self.sourceMap = sourceMap ?? SourceMap(start: location)
    }
}

/// Parses YAML (1.1 scalar resolution, as Kubernetes tools read manifests) into ``Value`` trees, on system libyaml.
///
/// - Plain scalars resolve to null, bool, int (`.uint` above `Int64.max`) or float; see `YAMLScalarResolver` for
///   the exact rules. A decimal integer too large for 64 bits becomes `.double`; a hex, octal or binary one stays a
///   string. Quoted and block scalars are strings. `!!str`, `!!int`, `!!float`, `!!bool` and `!!null` are
///   honoured; other tags are ignored.
/// - Anchors and aliases are copied; merge keys (`<<`) are merged. Duplicate keys and non-scalar keys are errors.
/// - Every error is `SOURCE:LINE:COLUMN: problem` with code `invalidInput`.
package enum YAMLParser {
    /// Most nodes one input may expand to, aliases copied, so that an alias bomb fails instead of eating memory.
    package static let maximumNodes = 10_000_000
    /// Deepest nesting of collections accepted.
    package static let maximumDepth = 512

    /// All non-empty documents of a `---` separated stream; an empty stream gives `[]`.
    package static func parseDocuments(_ bytes: [UInt8], source: String = "<input>") throws(KServeError) -> [Value] {
        try parseStream(bytes, source: source, recordingLocations: false).map(\.value)
    }

    package static func parseDocuments(_ text: String, source: String = "<input>") throws(KServeError) -> [Value] {
        try parseDocuments(Array(text.utf8), source: source)
    }

    /// Exactly one document; an empty input is `.null`, a second document is an error.
    package static func parse(_ bytes: [UInt8], source: String = "<input>") throws(KServeError) -> Value {
        let documents = try parseStream(bytes, source: source, recordingLocations: false)
        if documents.count > 1 {
            let failure = ParseFailure(
                source: source,
                location: documents[1].location,
                problem: "expected a single YAML document, found another one here"
            )
            throw failure.asError
        }
        return documents.first?.value ?? .null
    }

    package static func parse(_ text: String, source: String = "<input>") throws(KServeError) -> Value {
        try parse(Array(text.utf8), source: source)
    }

    /// The non-empty documents with their position in the stream, where each starts and, unless
    /// `recordingLocations` is false, where each of their nodes was written (``YAMLDocument/sourceMap``).
    package static func parseStream(
        _ bytes: [UInt8],
        source: String = "<input>",
        maximumNodes: Int = YAMLParser.maximumNodes,
        recordingLocations: Bool = true
    ) throws(KServeError) -> [YAMLDocument] {
        let reader = YAMLEventReader(bytes: bytes, source: source)
        var composer = YAMLComposer(
            reader: reader,
            maximumNodes: maximumNodes,
            maximumDepth: maximumDepth,
            recordingLocations: recordingLocations
        )
        do {
            return try composer.documents()
        } catch {
            throw error.asError
        }
    }
}
