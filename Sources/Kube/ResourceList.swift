import Transport

/// The objects of a list call (every page), and the list's `resourceVersion`, to start a watch from.
public struct ResourceList: Sendable {
    public var items: [Value]
    public var resourceVersion: String

    public init(items: [Value], resourceVersion: String) {
        self.items = items
        self.resourceVersion = resourceVersion
    }
}
