import Core
import CurlHTTP
import Foundation
import PeerSupport

/// The Python peer (`http_peer.py`) on a free loopback port; stopped by ``stop()`` or when released.
///
/// The peer also exits by itself when its standard input closes, so a crashed test run leaves nothing behind.
final class PeerServer: Sendable {
    let scheme: String
    private let peer: PeerProcess

    var port: Int { peer.port }

    static let scriptPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("http_peer.py").path

    /// Starts a plain HTTP peer, or an HTTPS one with `tls` (requiring client certificates if asked,
    /// and speaking at most TLS 1.2 if `tls12Only`).
    init(tls: TLSFixture? = nil, requireClientCertificate: Bool = false, tls12Only: Bool = false) throws {
        var arguments: [String] = []
        if let tls {
            arguments += ["--cert", tls.serverCertificateFile, "--key", tls.serverKeyFile]
            if requireClientCertificate { arguments += ["--client-ca", tls.caFile] }
            if tls12Only { arguments.append("--tls12") }
        }
        scheme = tls == nil ? "http" : "https"
        peer = try PeerProcess(script: Self.scriptPath, arguments: arguments, name: "the HTTP peer")
    }

    /// `scheme://host:port/path`, with `host` defaulting to the loopback address.
    func url(_ path: String, host: String = "127.0.0.1") -> String {
        "\(scheme)://\(host):\(port)\(path)"
    }

    func stop() { peer.stop() }
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
