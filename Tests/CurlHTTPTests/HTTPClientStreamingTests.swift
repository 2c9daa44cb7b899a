import Core
import CurlHTTP
import Foundation
import Testing

@Suite struct HTTPClientStreamingTests {
    @Test func successBodyArrivesChunkByChunk() async throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let client = try HTTPClient()
        let chunks = ChunkRecorder()
        let count = 300_000
        let response = try await client.stream(HTTPRequest(url: peer.url("/bytes?n=\(count)"))) { chunk in
            chunks.append(chunk)
            return true
        }
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/octet-stream")
        #expect(response.body.isEmpty)
        // libcurl hands over at most 16 KiB per callback.
        #expect(chunks.count > 1)
        let received = chunks.bytes
        #expect(received.count == count)
        #expect(received.enumerated().allSatisfy { $0.element == UInt8($0.offset % 256) })
    }

    @Test func errorBodyIsCollectedInsteadOfStreamed() async throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let client = try HTTPClient()
        let chunks = ChunkRecorder()
        let response = try await client.stream(HTTPRequest(url: peer.url("/status/404"))) { chunk in
            chunks.append(chunk)
            return true
        }
        #expect(response.status == 404)
        #expect(response.bodyText == "status 404")
        #expect(chunks.count == 0)
    }

    @Test func receiverCanStopTheTransferWithoutAnError() async throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let client = try HTTPClient()
        let chunks = ChunkRecorder()
        let response = try await client.stream(HTTPRequest(url: peer.url("/bytes?n=2000000"))) { chunk in
            chunks.append(chunk)
            return false
        }
        #expect(response.status == 200)
        #expect(chunks.count == 1)
        // The client stays usable.
        let next = try await client.send(HTTPRequest(url: peer.url("/echo")))
        #expect(next.status == 200)
    }

    @Test func cancellingTheTaskAbortsAWaitingStream() async throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let client = try HTTPClient()
        let task = Task { () async throws -> HTTPResponse in
            try await client.stream(HTTPRequest(url: peer.url("/slow?seconds=10"))) { _ in true }
        }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("expected the stream to be cancelled")
        } catch let error as KServeError {
            // Uncancelled, the peer would answer 200 after 10 seconds.
            #expect(error.code == .interrupted)
        }
    }
}

/// Chunks received on the transfer thread.
private final class ChunkRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [[UInt8]] = []

    func append(_ chunk: [UInt8]) {
        lock.lock()
        chunks.append(chunk)
        lock.unlock()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return chunks.count
    }

    var bytes: [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return chunks.flatMap { $0 }
    }
}
