import Foundation

/// A fresh directory under the system's temporary directory, removed when the value is released.
package final class TemporaryDirectory: Sendable {
    package let path: String

    package init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kserve-server-tests-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Copies a file into the directory under `name`; returns the new path.
    @discardableResult
    package func copy(_ source: String, as name: String) throws -> String {
        let destination = path + "/" + name
        try FileManager.default.copyItem(atPath: source, toPath: destination)
        return destination
    }
}
