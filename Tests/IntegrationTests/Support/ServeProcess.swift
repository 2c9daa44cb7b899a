import Foundation
import Testing

/// The built `kserve serve` on a free port (`--port 0`), found from its "serving on http://..." line on stderr.
/// Stopped with SIGTERM when the test drops it.
final class ServeProcess: @unchecked Sendable {
    let url: String
    let port: Int
    private let process: Process
    private let stderrLog = LockedText()

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = TestPaths.kserveBinary
        // Servers of parallel tests must not share the user's default state directory.
        let keepsState = arguments.contains { $0 == "--state-dir" || $0 == "--ephemeral" }
        process.arguments = ["serve", "--port", "0"] + (keepsState ? [] : ["--ephemeral"]) + arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        let log = stderrLog
        let handle = errPipe.fileHandleForReading
        let ready = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var found: Int?
        Thread.detachNewThread {
            var signalled = false
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                log.append(String(decoding: data, as: UTF8.self))
                if !signalled, let port = Self.port(in: log.text) {
                    found = port
                    signalled = true
                    ready.signal()
                }
            }
            if !signalled { ready.signal() }
        }
        _ = ready.wait(timeout: .now() + 30)
        guard let port = found else {
            process.terminate()
            throw Peer.failure("kserve serve did not report its address; stderr:\n\(log.text)")
        }
        self.port = port
        url = "http://127.0.0.1:\(port)"
    }

    var stderr: String { stderrLog.text }
    var isRunning: Bool { process.isRunning }

    /// Sends SIGTERM and waits for the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    private static func port(in text: String) -> Int? {
        guard let range = text.range(of: "serving on http://") else { return nil }
        let rest = text[range.upperBound...]
        guard let colon = rest.lastIndex(of: ":", before: rest.firstIndex(of: "\n") ?? rest.endIndex) else {
            return nil
        }
        let digits = rest[rest.index(after: colon)...].prefix { $0.isNumber }
        return Int(digits)
    }
}

/// Text appended from one thread and read from another.
final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""

    func append(_ text: String) {
        lock.lock()
        value += text
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

extension Substring {
    fileprivate func lastIndex(of character: Character, before end: Index) -> Index? {
        self[startIndex..<end].lastIndex(of: character)
    }
}
