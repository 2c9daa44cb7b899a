import Foundation
import Testing

@testable import Trees

/// Trains fresh models on random data with the real XGBoost (the .venv Python) and compares every prediction bit for
/// bit, so the committed fixtures cannot drift from the library.
@Suite struct XGBoostInteropTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `KSERVE_TEST_PYTHON`, else the project's `.venv/bin/python` (scripts/setup.sh creates it).
    static var python: String {
        if let override = ProcessInfo.processInfo.environment["KSERVE_TEST_PYTHON"], !override.isEmpty {
            return override
        }
        return packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    @Test func freshModelsMatchXGBoost() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            Issue.record("no Python with xgboost at \(Self.python): run scripts/setup.sh (or set KSERVE_TEST_PYTHON)")
            return
        }
        let seed = UInt32.random(in: 1...UInt32(Int32.max))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "xgboost-interop-\(seed)-\(getpid())"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = XGBoostModelTests.fixtures.deletingLastPathComponent().appendingPathComponent(
            "make_xgboost_fixtures.py"
        )
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [script.path, "--live", directory.path, "--seed", String(seed)]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaints = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(
            process.terminationStatus == 0,
            "seed \(seed): \(String(decoding: complaints, as: UTF8.self).suffix(2000))"
        )
        let names = String(decoding: printed, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(names.count == 12, "seed \(seed): \(names)")
        for name in names {
            try XGBoostModelTests.checkBitExact(directory: directory, name: name, context: "seed \(seed): ")
        }
    }
}
