import Core

/// One change seen by a watch.
package struct WatchEvent: Sendable {
    package enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        /// Only `metadata.resourceVersion` is meaningful: progress, no change.
        case bookmark = "BOOKMARK"
    }

    package var kind: Kind
    package var object: Value

    package init(kind: Kind, object: Value) {
        self.kind = kind
        self.object = object
    }
}
