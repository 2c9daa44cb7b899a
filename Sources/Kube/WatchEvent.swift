import Transport

/// One change seen by a watch.
public struct WatchEvent: Sendable {
    public enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        /// Only `metadata.resourceVersion` is meaningful: progress, no change.
        case bookmark = "BOOKMARK"
    }

    public var kind: Kind
    public var object: Value

    public init(kind: Kind, object: Value) {
        self.kind = kind
        self.object = object
    }
}
