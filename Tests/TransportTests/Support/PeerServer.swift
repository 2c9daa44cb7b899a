import Foundation
import Transport

struct PeerError: Error, CustomStringConvertible, Sendable {
    let description: String
}

/// The Python peer (`http_peer.py`) on a free loopback port; stopped by ``stop()`` or when released.
///
/// The peer also exits by itself when its standard input closes, so a crashed test run leaves nothing behind.
final class PeerServer: @unchecked Sendable {
    let port: Int
    let scheme: String
    private let process: Process
    private let input: Pipe
    private let lock = NSLock()
    private var stopped = false

    static let scriptPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("http_peer.py").path

    /// Starts a plain HTTP peer, or an HTTPS one with `tls` (requiring client certificates if asked,
    /// and speaking at most TLS 1.2 if `tls12Only`).
    init(tls: TLSFixture? = nil, requireClientCertificate: Bool = false, tls12Only: Bool = false) throws {
        var arguments = [Self.scriptPath]
        if let tls {
            arguments += ["--cert", tls.serverCertificateFile, "--key", tls.serverKeyFile]
            if requireClientCertificate { arguments += ["--client-ca", tls.caFile] }
            if tls12Only { arguments.append("--tls12") }
        }
        scheme = tls == nil ? "http" : "https"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
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
            throw PeerError(description: "the HTTP peer did not start: '\(text)'")
        }
        self.port = port
    }

    deinit { stop() }

    /// `scheme://host:port/path`, with `host` defaulting to the loopback address.
    func url(_ path: String, host: String = "127.0.0.1") -> String {
        "\(scheme)://\(host):\(port)\(path)"
    }

    func stop() {
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

/// A port on loopback that nothing listens on: bound, then closed.
func closedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw PeerError(description: "socket() failed") }
    defer { close(fd) }
    return try bindLoopback(fd)
}

/// A loopback socket that listens but never accepts: connections complete in the kernel, then nothing answers.
final class SilentListener: @unchecked Sendable {
    let port: Int
    private let fd: Int32

    init() throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PeerError(description: "socket() failed") }
        do {
            port = try bindLoopback(fd)
        } catch {
            close(fd)
            throw error
        }
        guard listen(fd, 8) == 0 else {
            close(fd)
            throw PeerError(description: "listen() failed")
        }
    }

    deinit { close(fd) }
}

private func bindLoopback(_ fd: Int32) throws -> Int {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    guard bound == 0 else { throw PeerError(description: "bind() failed") }
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw PeerError(description: "getsockname() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// What `/echo` reported about the request it received.
struct EchoReport {
    let json: Value

    init(_ response: HTTPResponse) throws {
        json = try JSONParser.parse(response.body, source: "echo")
    }

    var method: String? { json["method"]?.stringValue }
    var path: String? { json["path"]?.stringValue }
    var body: String? { json["body"]?.stringValue }
    var bodyLength: Int? { json["body_length"]?.int64Value.map { Int($0) } }
    var clientPort: Int? { json["client_port"]?.int64Value.map { Int($0) } }
    var clientCommonName: String? { json["client_cn"]?.stringValue }

    /// Every value the peer received for header `name` (case-insensitive).
    func headerValues(_ name: String) -> [String] {
        (json["headers"]?.arrayValue ?? []).compactMap { pair -> String? in
            guard let key = pair[0]?.stringValue, key.lowercased() == name.lowercased() else { return nil }
            return pair[1]?.stringValue
        }
    }

    func header(_ name: String) -> String? { headerValues(name).first }
}

/// Collects trace lines from any thread.
final class TraceRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    var sink: @Sendable (String) -> Void {
        { [self] line in
            lock.lock()
            stored.append(line)
            lock.unlock()
        }
    }
}
