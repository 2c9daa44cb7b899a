import Core
import CurlHTTP
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real KServe Python model server (Peers/model_server.py) on a free loopback port, started once per test
/// process and ended with it (the script exits when its parent goes away).
final class PeerServer: Sendable {
    let port: Int
    let url: String
    private let process: Process

    /// Started on first use; shared by every test in the process.
    static let shared: Result<PeerServer, PeerError> = Result { () throws(PeerError) in try PeerServer() }

    struct PeerError: Error, CustomStringConvertible {
        var description: String
    }

    /// The shared server, or a recorded failure naming what is missing.
    static func require() throws -> PeerServer {
        switch shared {
        case .success(let server): return server
        case .failure(let error): throw error
        }
    }

    private init() throws(PeerError) {
        let python = TestPaths.python
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw PeerError(
                description:
                    "no Python with the KServe SDK at \(python): run scripts/setup.sh (or set KSERVE_TEST_PYTHON)"
            )
        }
        port = Self.freePort()
        url = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            TestPaths.peersDirectory.appendingPathComponent("model_server.py").path, "--http_port", String(port),
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["SLOW_SECONDS"] = "60"
        process.environment = environment
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("kserve-peer-\(port).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        if let handle = try? FileHandle(forWritingTo: log) {
            process.standardOutput = handle
            process.standardError = handle
        }
        do {
            try process.run()
        } catch {
            throw PeerError(description: "cannot start \(python): \(error)")
        }
        try waitUntilReady(logPath: log.path)
    }

    private func waitUntilReady(logPath: String) throws(PeerError) {
        var configuration = HTTPClientConfiguration()
        configuration.connectTimeout = 1
        configuration.timeout = 2
        guard let client = try? HTTPClient(configuration: configuration) else {
            throw PeerError(description: "cannot create an HTTP client")
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if !process.isRunning {
                let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                throw PeerError(description: "the KServe model server exited early:\n\(log.suffix(2000))")
            }
            if let response = try? client.send(HTTPRequest(url: url + "/v2/health/ready")), response.status == 200 {
                return
            }
            usleep(200_000)
        }
        process.terminate()
        throw PeerError(description: "the KServe model server did not become ready on \(url) within 60 s")
    }

    /// A port that was free a moment ago (bind to port 0, read it back, close).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
