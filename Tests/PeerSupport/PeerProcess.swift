import Foundation

/// A test peer failed to start or answered wrongly.
public struct PeerError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(description: String) { self.description = description }
}

/// A Python peer script that binds a free loopback port and prints `PORT N` as its first line; it keeps running
/// while its standard input stays open, so a crashed test run leaves nothing behind. Stopped by ``stop()`` (SIGKILL)
/// or when released.
public final class PeerProcess: @unchecked Sendable {
    public let port: Int
    private let process: Process
    private let input: Pipe
    private let lock = NSLock()
    private var stopped = false

    /// Starts `python3 script arguments...` and waits for its `PORT N` line; `name` appears in the error.
    public init(script: String, arguments: [String], name: String) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            throw PeerError(description: "python3 is missing: run scripts/setup.sh")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script] + arguments
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        let reader = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            process.waitUntilExit()
            throw PeerError(description: "\(name) did not start: '\(text)'")
        }
        self.port = port
    }

    deinit { stop() }

    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        // SIGKILL: a child started from a dispatch thread may inherit a mask that blocks SIGTERM.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
    }
}
