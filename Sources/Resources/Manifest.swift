import Transport

/// One validated KServe object read from a file or a request: its identity, the whole object, and where it came from.
public struct Manifest: Hashable, Sendable {
    public var resourceKind: ResourceKind
    public var apiVersion: String
    public var kind: String
    public var name: String
    /// `metadata.namespace` as written; nil when absent or empty.
    public var namespace: String?
    /// The whole object as read.
    public var value: Value
    /// The name of the input (a path, `<stdin>`, a label).
    public var source: String
    /// Position of the document in its stream, from 0 (empty documents count).
    public var documentIndex: Int
    /// Position inside a `List`'s `items` (or a top-level array), from 0; nil for a plain document.
    public var itemIndex: Int?

    /// Where the object came from, for messages: `model.yaml: document 2 (InferenceService "iris")`.
    public var origin: String {
        "\(Self.position(source: source, documentIndex: documentIndex, itemIndex: itemIndex)) (\(kind) \"\(name)\")"
    }

    /// The namespace the object lives in: its own, else `defaultNamespace`; nil for cluster-scoped kinds.
    public func namespace(orDefault defaultNamespace: String) -> String? {
        guard resourceKind.namespaced else { return nil }
        return namespace ?? defaultNamespace
    }

    /// `model.yaml: document 2` or `list.json: document 1, item 3`.
    static func position(source: String, documentIndex: Int, itemIndex: Int?) -> String {
        var text = "\(source): document \(documentIndex + 1)"
        if let itemIndex { text += ", item \(itemIndex + 1)" }
        return text
    }
}
