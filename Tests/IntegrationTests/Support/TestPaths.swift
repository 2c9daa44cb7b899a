import Foundation

/// Locations the integration tests need: the package root, the built `kserve` binary, the peers' Python.
enum TestPaths {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let peersDirectory = packageRoot.appendingPathComponent("Tests/IntegrationTests/Peers")

    /// The `kserve` binary built beside this test bundle (the test target depends on it, so it is built first).
    static var kserveBinary: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            packageRoot.appendingPathComponent(".build/debug"),
        ]
        for directory in candidates {
            let binary = directory.appendingPathComponent("kserve")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: binary.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return binary
            }
        }
        return packageRoot.appendingPathComponent(".build/debug/kserve")
    }

    /// The venv Python that has the KServe SDK (`scripts/setup.sh` creates it); `KSERVE_TEST_PYTHON` overrides.
    static var python: String {
        if let override = ProcessInfo.processInfo.environment["KSERVE_TEST_PYTHON"], !override.isEmpty {
            return override
        }
        return packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    /// A program the tests run (`kubectl`, `curl`), found on `PATH` as a user's shell finds it; the error names what
    /// is missing and where it comes from (`scripts/setup.sh` installs what Debian has).
    static func executable(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw MissingProgram(name: name, path: path)
    }

    struct MissingProgram: Error, CustomStringConvertible {
        let name: String
        let path: String
        var description: String { "no \(name) on PATH (\(path)): run scripts/setup.sh, which installs it" }
    }

    static func temporaryFile(_ name: String, contents: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kserve-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}
