import Transport

/// Reads KServe manifests from a file's bytes: YAML (one or more `---` separated documents) or JSON (one object or
/// array), with `kind: List` objects (and top-level arrays) expanded into their items, each item validated.
public enum ManifestLoader {
    /// Every object in the input, in order. An input with no documents gives `[]`; empty documents are skipped.
    public static func load(_ bytes: [UInt8], source: String) throws(KServeError) -> [Manifest] {
        var manifests: [Manifest] = []
        for document in try documents(bytes, source: source) {
            if let items = try listItems(document, source: source) {
                for (itemIndex, item) in items.enumerated() {
                    manifests.append(
                        try Manifest(
                            validating: item,
                            source: source,
                            documentIndex: document.index,
                            itemIndex: itemIndex
                        )
                    )
                }
            } else {
                manifests.append(
                    try Manifest(validating: document.value, source: source, documentIndex: document.index)
                )
            }
        }
        return manifests
    }

    public static func load(_ text: String, source: String) throws(KServeError) -> [Manifest] {
        try load(Array(text.utf8), source: source)
    }

    /// JSON when the first non-blank character opens an object or array, else YAML. JSON that the JSON parser
    /// rejects is tried as YAML (a YAML flow mapping looks the same); if that fails too, the JSON error is reported.
    static func documents(_ bytes: [UInt8], source: String) throws(KServeError) -> [YAMLDocument] {
        guard let first = firstSignificantByte(bytes), first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        else {
            return try YAMLParser.parseStream(bytes, source: source)
        }
        do {
            let value = try JSONParser.parse(bytes, source: source)
            return [YAMLDocument(value: value, index: 0, location: SourceLocation(line: 1, column: 1))]
        } catch {
            if let documents = try? YAMLParser.parseStream(bytes, source: source) { return documents }
            throw error
        }
    }

    /// The items of a `List` (any kind ending in `List`) or of a top-level array; nil for a single object.
    private static func listItems(_ document: YAMLDocument, source: String) throws(KServeError) -> [Value]? {
        switch document.value {
        case .array(let items):
            return items
        case .object(let object):
            guard let kind = object["kind"]?.stringValue, kind.hasSuffix("List"), ResourceKind(kind: kind) == nil
            else { return nil }
            guard let items = object["items"]?.arrayValue else {
                let position = Manifest.position(source: source, documentIndex: document.index, itemIndex: nil)
                throw KServeError(.invalidInput, "\(position) (\(kind)): items must be an array of objects")
            }
            return items
        default:
            return nil
        }
    }

    private static func firstSignificantByte(_ bytes: [UInt8]) -> UInt8? {
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return bytes[index]
            }
        }
        return nil
    }
}
