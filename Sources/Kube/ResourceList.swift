import Core

/// The objects of a list call (every page), and the list's `resourceVersion`, to start a watch from.
package struct ResourceList: Sendable {
    package var items: [Value]
    package var resourceVersion: String

    package init(items: [Value], resourceVersion: String) {
        self.items = items
        self.resourceVersion = resourceVersion
    }
}
