import Core

/// One validated KServe object read from a file or a request: its identity, the whole object, and where it came from.
package struct Manifest: Hashable, Sendable {
    package var resourceKind: ResourceKind
    package var apiVersion: String
    package var kind: String
    package var name: String
    /// `metadata.namespace` as written; nil when absent or empty.
    package var namespace: String?
    /// The whole object as read.
    package var value: Value
    /// The name of the input (a path, `<stdin>`, a label).
    package var source: String
    /// Position of the document in its stream, from 0 (empty documents count).
    package var documentIndex: Int
    /// Position inside a `List`'s `items` (or a top-level array), from 0; nil for a plain document.
    package var itemIndex: Int?
    /// Where the object's fields were written, scoped to the object (paths such as `spec.predictor.minReplicas`);
    /// nil when the object was not read from text.
    package var sourceMap: SourceMap?

    /// Where the object came from, for messages: `model.yaml:5:1: document 2 (InferenceService "iris")`, or
    /// `request body: document 1 (...)` without a source map.
    package var origin: String { origin(location: sourceMap?.start) }

    /// Like ``origin``, at the line of `field` (a ``SourceMap`` path; a missing field falls back to its nearest
    /// written ancestor): `model.yaml:9:5: document 2 (InferenceService "iris")`.
    package func origin(at field: String) -> String { origin(location: sourceMap?.location(of: field)) }

    /// Where `field` was written; nil without a source map.
    package func location(of field: String) -> SourceLocation? { sourceMap?.location(of: field) }

    private func origin(location: SourceLocation?) -> String {
        let position = Self.position(
            source: source,
            location: location,
            documentIndex: documentIndex,
            itemIndex: itemIndex
        )
        return "\(position) (\(kind) \"\(name)\")"
    }

    /// The namespace the object lives in: its own, else `defaultNamespace`; nil for cluster-scoped kinds.
    package func namespace(orDefault defaultNamespace: String) -> String? {
        guard resourceKind.namespaced else { return nil }
        return namespace ?? defaultNamespace
    }

    /// `model.yaml:4:3: document 2` or `list.json:3:5: document 1, item 3`; without a location, `model.yaml: ...`.
    static func position(source: String, location: SourceLocation?, documentIndex: Int, itemIndex: Int?) -> String {
        var text = source
        if let location { text += ":\(location)" }
        text += ": document \(documentIndex + 1)"
        if let itemIndex { text += ", item \(itemIndex + 1)" }
        return text
    }
}
