import Core
import Runtime
import Testing

@testable import Server

/// Bodies that break HTTP/1.1's framing, sent as raw bytes to a live server (no HTTP client sends them).
@Suite("Malformed bodies")
struct MalformedBodyTests {
    @Test func aBadChunkSizeIsTheClientsErrorAndClosesTheConnection() async throws {
        var configuration = ServerConfiguration()
        configuration.models = [TestServer.source("named", .xgboost, "binary_logistic")]
        try await LiveServer.with(configuration) { serverPort in
            let request =
                "POST /v2/models/named/infer HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{\"inputs\": []}\r\n0\r\n\r\n"
            let answer = try RawConnection.exchange(Array(request.utf8), port: serverPort)
            #expect(answer.text.hasPrefix("HTTP/1.1 400"), "\(answer.text)")
            #expect(answer.text.contains("malformed"))
            #expect(answer.text.lowercased().contains("connection: close"))
            #expect(answer.closedByServer)
            // One bad request does not take the server down.
            let health = try RawConnection.exchange(
                Array("GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8),
                port: serverPort
            )
            #expect(health.text.hasPrefix("HTTP/1.1 200"), "\(health.text)")
        }
    }
}

/// One TCP connection to the loopback address: send bytes, read until the server closes (or 30 s pass).
enum RawConnection {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func exchange(_ bytes: [UInt8], port: Int) throws -> (text: String, bytes: [UInt8], closedByServer: Bool) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect failed: errno \(errno)") }
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received.append(contentsOf: buffer[0..<count])
            } else {
                return (String(decoding: received, as: UTF8.self), received, count == 0)
            }
        }
    }
}
