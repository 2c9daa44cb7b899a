import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server on a loopback port, written on raw sockets so a test can answer exactly as it wants:
/// split writes, chunked bodies, `Connection: close`, error statuses, silence. A thread per connection is fine
/// here: it is the peer of a test, not the code under test.
final class EngineTestServer: @unchecked Sendable {
    enum Behaviour: Sendable {
        /// 200 with a Content-Length body.
        case plain
        /// 200 with a chunked body written in small pieces.
        case chunkedInPieces
        /// 200 and `Connection: close`, then the connection closes.
        case closeAfterEach
        /// This status on every answer.
        case status(Int)
        /// Reads the request and never answers.
        case silent
    }

    let port: Int
    private let listener: Int32
    private let behaviour: Behaviour
    private let lock = NSLock()
    private var paths: [String: Int] = [:]
    private var connectionCount = 0
    private var stopped = false

    init(_ behaviour: Behaviour) throws {
        self.behaviour = behaviour
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 128) == 0 else {
            close(listener)
            throw TestServerError(description: "cannot listen on a loopback port: errno \(errno)")
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Requests seen per path.
    var requestsByPath: [String: Int] {
        lock.lock()
        defer { lock.unlock() }
        return paths
    }

    var connections: Int {
        lock.lock()
        defer { lock.unlock() }
        return connectionCount
    }

    func stop() {
        lock.lock()
        let already = stopped
        stopped = true
        lock.unlock()
        guard !already else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    deinit { stop() }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func acceptLoop() {
        while !isStopped {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            lock.lock()
            connectionCount += 1
            lock.unlock()
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while !isStopped {
            // One request: a head, then Content-Length bytes of body.
            guard let headEnd = Self.find(Array("\r\n\r\n".utf8), in: pending) else {
                let count = read(fd, &chunk, chunk.count)
                if count <= 0 { return }
                pending += chunk[0..<count]
                continue
            }
            let head = String(decoding: pending[0..<headEnd], as: UTF8.self)
            let bodyLength = Self.contentLength(head)
            while pending.count < headEnd + 4 + bodyLength {
                let count = read(fd, &chunk, chunk.count)
                if count <= 0 { return }
                pending += chunk[0..<count]
            }
            pending.removeFirst(headEnd + 4 + bodyLength)
            let path = head.split(separator: " ").dropFirst().first.map(String.init) ?? "?"
            lock.lock()
            paths[path, default: 0] += 1
            lock.unlock()
            guard answer(fd) else { return }
        }
    }

    /// Writes one answer; false when the connection should end.
    private func answer(_ fd: Int32) -> Bool {
        let body = #"{"model_name":"m","outputs":[]}"#
        switch behaviour {
        case .plain:
            return write(
                fd,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            )
        case .chunkedInPieces:
            let pieces = [
                "HTTP/1.1 200 OK\r\nTransfer", "-Encoding: chunked\r\n\r", "\n5\r\nhel", "lo\r\n", "1a;x=y\r\n",
                "abcdefghijklmnopqrstuvwxyz", "\r\n0\r\n", "\r\n",
            ]
            for piece in pieces {
                guard write(fd, piece) else { return false }
                usleep(200)
            }
            return true
        case .closeAfterEach:
            _ = write(fd, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            return false
        case .status(let status):
            let error = #"{"error":"refused by the test server"}"#
            return write(fd, "HTTP/1.1 \(status) Test\r\nContent-Length: \(error.utf8.count)\r\n\r\n\(error)")
        case .silent:
            while !isStopped { usleep(20_000) }
            return false
        }
    }

    private func write(_ fd: Int32, _ text: String) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { raw in
                send(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    private static func contentLength(_ head: String) -> Int {
        for line in head.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length" {
                return Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0
            }
        }
        return 0
    }
}

struct TestServerError: Error, CustomStringConvertible {
    var description: String
}
