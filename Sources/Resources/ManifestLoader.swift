import Core

/// Reads KServe manifests from a file's bytes: YAML (one or more `---` separated documents) or JSON (one object or
/// array), with `kind: List` objects (and top-level arrays) expanded into their items, each item validated.
package enum ManifestLoader {
    /// Every object in the input, in order. An input with no documents gives `[]`; empty documents are skipped.
    package static func load(_ bytes: [UInt8], source: String) throws(KServeError) -> [Manifest] {
        var manifests: [Manifest] = []
        for document in try documents(bytes, source: source) {
            if let (itemsPath, items) = try listItems(document, source: source) {
                let scopes = document.sourceMap.itemScopes(of: itemsPath)
                for (itemIndex, item) in items.enumerated() {
                    let sourceMap =
                        itemIndex < scopes.count
                        ? scopes[itemIndex] : document.sourceMap.scoped(to: SourceMap.path(itemsPath, index: itemIndex))
                    manifests.append(
                        try Manifest(
                            validating: item,
                            source: source,
                            documentIndex: document.index,
                            itemIndex: itemIndex,
                            sourceMap: sourceMap
                        )
                    )
                }
            } else {
                manifests.append(
                    try Manifest(
                        validating: document.value,
                        source: source,
                        documentIndex: document.index,
                        sourceMap: document.sourceMap
                    )
                )
            }
        }
        return manifests
    }

    package static func load(_ text: String, source: String) throws(KServeError) -> [Manifest] {
        try load(Array(text.utf8), source: source)
    }

    /// JSON when the first non-blank character opens an object or array, else YAML. JSON that the JSON parser
    /// rejects is tried as YAML (a YAML flow mapping looks the same); if that fails too, the JSON error is reported.
    ///
    /// The JSON parser gives the value; the positions of its fields come from reading the same bytes with the YAML
    /// composer (JSON is YAML flow syntax), which only a manifest file pays for. When that reading fails (JSON that
    /// libyaml does not take), the document keeps only its start.
    static func documents(_ bytes: [UInt8], source: String) throws(KServeError) -> [YAMLDocument] {
        guard let (first, start) = firstSignificantByte(bytes), first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        else {
            return try YAMLParser.parseStream(bytes, source: source)
        }
        do {
            let value = try JSONParser.parse(bytes, source: source)
            var sourceMap = SourceMap(start: start)
            if let read = try? YAMLParser.parseStream(bytes, source: source), read.count == 1 {
                sourceMap = read[0].sourceMap
            }
            return [YAMLDocument(value: value, index: 0, location: start, sourceMap: sourceMap)]
        } catch {
            if let documents = try? YAMLParser.parseStream(bytes, source: source) { return documents }
            throw error
        }
    }

    /// The items of a `List` (any kind ending in `List`) or of a top-level array, with their path in the document;
    /// nil for a single object.
    private static func listItems(
        _ document: YAMLDocument,
        source: String
    ) throws(KServeError) -> (path: String, items: [Value])? {
        switch document.value {
        case .array(let items):
            return ("", items)
        case .object(let object):
            guard let kind = object["kind"]?.stringValue, kind.hasSuffix("List"), ResourceKind(kind: kind) == nil
            else { return nil }
            guard let items = object["items"]?.arrayValue else {
                let position = Manifest.position(
                    source: source,
                    location: document.sourceMap.location(of: "items"),
                    documentIndex: document.index,
                    itemIndex: nil
                )
                throw KServeError(.invalidInput, "\(position) (\(kind)): items must be an array of objects")
            }
            return ("items", items)
        default:
            return nil
        }
    }

    /// The first byte that is not blank, and where it is.
    private static func firstSignificantByte(_ bytes: [UInt8]) -> (byte: UInt8, location: SourceLocation)? {
        var index = 0
        var line = 1
        var column = 1
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A:
                line += 1
                column = 1
            case 0x0D:
                // CR LF is one line break; a lone CR is one too.
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                line += 1
                column = 1
            case 0x20, 0x09:
                column += 1
            default:
                return (bytes[index], SourceLocation(line: line, column: column))
            }
            index += 1
        }
        return nil
    }
}
