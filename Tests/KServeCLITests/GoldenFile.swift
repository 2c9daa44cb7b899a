import Foundation
import Testing

/// Golden files under `Golden/` next to this source file, read through `#filePath` (not the bundle) so that
/// `KSERVE_UPDATE_GOLDEN=1 swift test` can rewrite them in the source tree.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var updating: Bool { ProcessInfo.processInfo.environment["KSERVE_UPDATE_GOLDEN"] == "1" }

    /// Compares `actual` with the named golden file exactly, or rewrites the file when updating.
    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    {
        let url = directory.appendingPathComponent(name)
        if updating {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(name); run with KSERVE_UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        if actual != expected {
            Issue.record(
                "\(name) differs at \(firstDifference(actual, expected)); run with KSERVE_UPDATE_GOLDEN=1 to accept",
                sourceLocation: sourceLocation
            )
        }
    }

    /// The names of the golden files present, without `.gitkeep`.
    static func names() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") })
    }

    private static func firstDifference(_ actual: String, _ expected: String) -> String {
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(actualLines.count, expectedLines.count) {
            let got = index < actualLines.count ? String(actualLines[index]) : "<end>"
            let want = index < expectedLines.count ? String(expectedLines[index]) : "<end>"
            if got != want { return "line \(index + 1): got '\(got)', expected '\(want)'" }
        }
        return "the end"
    }
}
