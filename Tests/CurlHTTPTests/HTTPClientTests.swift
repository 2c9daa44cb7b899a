import Core
import CurlHTTP
import Foundation
import Testing

@Suite struct HTTPClientTests {
    /// Runs `body` and returns the `KServeError` it throws; fails the test if it throws nothing.
    func expectError(_ body: () throws -> Void) -> KServeError? {
        do {
            try body()
            Issue.record("expected an error")
            return nil
        } catch let error as KServeError {
            return error
        } catch {
            Issue.record("expected a KServeError, got \(error)")
            return nil
        }
    }

    @Test func getReturnsStatusHeadersAndBody() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let client = try HTTPClient()
        let response = try client.send(
            HTTPRequest(url: peer.url("/echo?x=1"), headers: HTTPHeaders([("X-Custom", "value 1"), ("X-Empty", "")]))
        )
        #expect(response.status == 200)
        #expect(response.reason == "OK")
        #expect(response.httpVersion == "1.1")
        #expect(response.headers["content-type"] == "application/json")
        let echo = try EchoReport(response)
        #expect(echo.method == "GET")
        #expect(echo.path == "/echo?x=1")
        #expect(echo.header("X-Custom") == "value 1")
        #expect(echo.headerValues("X-Empty") == [""])
        #expect(echo.header("User-Agent") == "kserve")
        #expect(echo.header("Content-Type") == nil)
        #expect(echo.header("Expect") == nil)
        #expect(echo.bodyLength == 0)
    }

    @Test(arguments: ["GET", "DELETE", "PUT", "PATCH", "POST", "OPTIONS"])
    func methodsCarryTheirBody(method: String) throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let client = try HTTPClient()
        let body = Array("{\"method\":\"\(method)\"}".utf8)
        let response = try client.send(
            HTTPRequest(
                method: method,
                url: peer.url("/echo"),
                headers: HTTPHeaders([("Content-Type", "application/json")]),
                body: body
            )
        )
        let echo = try EchoReport(response)
        #expect(echo.method == method)
        #expect(echo.body == String(decoding: body, as: UTF8.self))
        #expect(echo.header("Content-Length") == "\(body.count)")
        #expect(echo.header("Content-Type") == "application/json")
    }

    @Test(arguments: ["GET", "DELETE", "PUT"])
    func methodsWithoutBodySendNone(method: String) throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let echo = try EchoReport(try HTTPClient().send(HTTPRequest(method: method, url: peer.url("/echo"))))
        #expect(echo.method == method)
        #expect(echo.bodyLength == 0)
        #expect(echo.header("Content-Type") == nil)
    }

    @Test func postWithoutBodySendsZeroLength() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let echo = try EchoReport(try HTTPClient().send(HTTPRequest(method: "POST", url: peer.url("/echo"))))
        #expect(echo.method == "POST")
        #expect(echo.header("Content-Length") == "0")
        #expect(echo.header("Content-Type") == nil)
    }

    @Test func headReturnsHeadersWithoutBody() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let response = try HTTPClient().send(HTTPRequest(method: "HEAD", url: peer.url("/bytes?n=1234")))
        #expect(response.status == 200)
        #expect(response.headers["Content-Length"] == "1234")
        #expect(response.body.isEmpty)
    }

    @Test(arguments: [(404, "Not Found"), (500, "Internal Server Error"), (503, "Service Unavailable")])
    func errorStatusesAreResponses(status: Int, reason: String) throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let response = try HTTPClient().send(HTTPRequest(url: peer.url("/status/\(status)")))
        #expect(response.status == status)
        #expect(response.reason == reason)
        #expect(response.bodyText == "status \(status)")
        #expect(!response.isSuccess)
    }

    @Test func serverReasonPhraseIsKept() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let response = try HTTPClient().send(HTTPRequest(url: peer.url("/status/299?reason=Quite%20Fine")))
        #expect(response.status == 299)
        #expect(response.reason == "Quite Fine")
    }

    @Test func repeatedResponseHeadersAreKept() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let response = try HTTPClient().send(HTTPRequest(url: peer.url("/cookies")))
        #expect(
            response.headers.values("set-cookie") == ["session=peer-cookie-secret; Path=/", "other=peer-cookie-two"]
        )
        #expect(response.headers["x-plain"] == "visible-value")
    }

    @Test func consecutiveRequestsReuseTheConnection() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let client = try HTTPClient()
        let first = try EchoReport(try client.send(HTTPRequest(url: peer.url("/echo"))))
        _ = try client.send(HTTPRequest(method: "POST", url: peer.url("/reflect"), body: [1, 2, 3]))
        let third = try EchoReport(try client.send(HTTPRequest(url: peer.url("/echo"))))
        let port = try #require(first.clientPort)
        #expect(third.clientPort == port)

        let other = try EchoReport(try HTTPClient().send(HTTPRequest(url: peer.url("/echo"))))
        #expect(other.clientPort != port)
    }

    @Test func largeBodiesTravelBothWays() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let client = try HTTPClient()
        let size = 10 << 20
        var upload = [UInt8](repeating: 0, count: size)
        for index in upload.indices { upload[index] = UInt8(truncatingIfNeeded: index &* 31 &+ 7) }
        let reflected = try client.send(
            HTTPRequest(
                method: "PUT",
                url: peer.url("/reflect"),
                headers: HTTPHeaders([("Content-Type", "application/octet-stream")]),
                body: upload
            )
        )
        #expect(reflected.status == 200)
        #expect(reflected.body.count == size)
        #expect(reflected.body == upload)

        let download = try client.send(HTTPRequest(url: peer.url("/bytes?n=\(size + 3)")))
        #expect(download.body.count == size + 3)
        let patternHolds = download.body.indices.allSatisfy { download.body[$0] == UInt8(truncatingIfNeeded: $0) }
        #expect(patternHolds)
    }

    @Test func largeBodiesAreSentWithoutWaitingForContinue() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let body = [UInt8](repeating: UInt8(ascii: "k"), count: 3 << 20)
        let echo = try EchoReport(
            try HTTPClient().send(HTTPRequest(method: "POST", url: peer.url("/echo"), body: body))
        )
        #expect(echo.bodyLength == body.count)
        #expect(echo.header("Expect") == nil)
        #expect(echo.header("Content-Type") == nil)
    }

    @Test func callerExpectHeaderIsKept() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let request = HTTPRequest(
            method: "POST",
            url: peer.url("/echo"),
            headers: HTTPHeaders([("Expect", "100-continue")]),
            body: Array("x".utf8)
        )
        let echo = try EchoReport(try HTTPClient().send(request))
        #expect(echo.header("Expect") == "100-continue")
        #expect(echo.body == "x")
    }

    @Test func responsesOverTheLimitFail() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.maxResponseBytes = 1000
        let client = try HTTPClient(configuration: configuration)
        #expect(try client.send(HTTPRequest(url: peer.url("/bytes?n=1000"))).body.count == 1000)
        let error = expectError { _ = try client.send(HTTPRequest(url: peer.url("/bytes?n=5000"))) }
        #expect(error?.code == .badResponse)
        #expect(error?.message.contains("1000 bytes") == true)
    }

    @Test func connectionRefusedIsItsOwnError() throws {
        let url = "http://127.0.0.1:\(try closedLoopbackPort())/x"
        let error = expectError { _ = try HTTPClient().send(HTTPRequest(url: url)) }
        #expect(error?.code == .connectionRefused)
        #expect(error?.message == "cannot connect to \(url): connection refused")
    }

    @Test func unknownHostIsADNSError() throws {
        let error = expectError { _ = try HTTPClient().send(HTTPRequest(url: "http://nonexistent.invalid/")) }
        #expect(error?.code == .dns)
        #expect(error?.message.contains("http://nonexistent.invalid/") == true)
        #expect(error?.message.contains("nonexistent.invalid") == true)
    }

    @Test func slowResponsesTimeOut() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let client = try HTTPClient()
        // The server would answer after 60 s; ending well before that is the timeout's doing, however slow the
        // machine.
        let url = peer.url("/slow?seconds=60")
        let start = ContinuousClock.now
        let error = expectError { _ = try client.send(HTTPRequest(url: url, timeout: 0.5)) }
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(error?.code == .timeout)
        #expect(error?.message == "request to \(url) timed out after 0.5s")
    }

    @Test func clientTimeoutAppliesWhenTheRequestHasNone() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.timeout = 0.4
        let client = try HTTPClient(configuration: configuration)
        let error = expectError { _ = try client.send(HTTPRequest(url: peer.url("/slow?seconds=5"))) }
        #expect(error?.code == .timeout)
        #expect(error?.message.hasSuffix("timed out after 0.4s") == true)
        // The handle is still good after a failure.
        #expect(try client.send(HTTPRequest(url: peer.url("/echo"))).status == 200)
    }

    /// A body that stops moving fails under the slow-transfer limit, with no overall timeout; one that keeps moving
    /// does not, however long it takes.
    @Test func stalledBodiesHitTheSlowTransferLimit() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.slowTransfer = SlowTransferLimit(bytesPerSecond: 100, seconds: 1)
        let client = try HTTPClient(configuration: configuration)
        let url = peer.url("/stall?n=100000&seconds=60")
        let start = ContinuousClock.now
        let error = expectError { _ = try client.send(HTTPRequest(url: url)) }
        #expect(ContinuousClock.now - start < .seconds(30), "the stall (60 s) ended the transfer, not the limit")
        #expect(error?.code == .timeout)
        #expect(
            error?.message == "transfer from \(url) stalled: slower than 100 bytes/s for 1 s",
            "\(String(describing: error))"
        )
        let whole = try client.send(HTTPRequest(url: peer.url("/stall?n=100000&seconds=0.2")))
        #expect(whole.status == 200 && whole.body.count == 100_000)

        configuration.slowTransfer = SlowTransferLimit(bytesPerSecond: 0, seconds: 1)
        let refused = expectError { _ = try HTTPClient(configuration: configuration) }
        #expect(refused?.code == .invalidInput)
    }

    @Test func slowHandshakesHitTheConnectTimeout() throws {
        let listener = try SilentListener()
        var configuration = HTTPClientConfiguration()
        configuration.connectTimeout = 0.5
        configuration.timeout = 30
        let client = try HTTPClient(configuration: configuration)
        // TCP completes in the kernel; the TLS handshake never gets an answer.
        let url = "https://127.0.0.1:\(listener.port)/"
        let start = ContinuousClock.now
        let error = expectError { _ = try client.send(HTTPRequest(url: url)) }
        // The request's own timeout (30 s) would end it too: ending before that is the connect timeout's doing.
        #expect(ContinuousClock.now - start < .seconds(25))
        #expect(error?.code == .timeout)
        #expect(error?.message == "connecting to \(url) timed out after 0.5s")
    }

    @Test func badRequestsAreRejectedBeforeSending() throws {
        let client = try HTTPClient()
        let injected = expectError {
            _ = try client.send(
                HTTPRequest(url: "http://127.0.0.1:1/", headers: HTTPHeaders([("X-A", "a\r\nX-Injected: b")]))
            )
        }
        #expect(injected?.code == .invalidInput)
        let badName = expectError {
            _ = try client.send(HTTPRequest(url: "http://127.0.0.1:1/", headers: HTTPHeaders([("Bad Name", "a")])))
        }
        #expect(badName?.code == .invalidInput)
        let badMethod = expectError { _ = try client.send(HTTPRequest(method: "GE T", url: "http://127.0.0.1:1/")) }
        #expect(badMethod?.code == .invalidInput)
        let badTimeout = expectError { _ = try client.send(HTTPRequest(url: "http://127.0.0.1:1/", timeout: 0)) }
        #expect(badTimeout?.code == .invalidInput)
    }

    @Test(arguments: ["ftp://127.0.0.1/file", "file:///etc/passwd", "http://", "::not a url::"])
    func unusableURLsAreInvalidInput(url: String) throws {
        let error = expectError { _ = try HTTPClient().send(HTTPRequest(url: url)) }
        #expect(error?.code == .invalidInput)
    }

    @Test func credentialsInURLsStayOutOfErrors() throws {
        let url = "http://user:url-secret@127.0.0.1:\(try closedLoopbackPort())/"
        let error = expectError { _ = try HTTPClient().send(HTTPRequest(url: url)) }
        #expect(error?.code == .connectionRefused)
        #expect(error?.message.contains("url-secret") == false)
        #expect(error?.message.contains("<redacted>@127.0.0.1") == true)
    }

    @Test func asyncSendRunsConcurrently() async throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let client = try HTTPClient()
        let ports = try await withThrowingTaskGroup(of: Int?.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try EchoReport(try await client.send(HTTPRequest(url: peer.url("/slow?seconds=2")))).clientPort
                }
            }
            return try await group.reduce(into: Set<Int?>()) { $0.insert($1) }
        }
        // Overlapping requests cannot share a connection; one after another they would all reuse the first.
        #expect(ports.count > 1)
        #expect(!ports.contains(nil))
        let echo = try EchoReport(
            try await client.send(HTTPRequest(method: "POST", url: peer.url("/echo"), body: [65]))
        )
        #expect(echo.body == "A")
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let client = try HTTPClient()
        let start = ContinuousClock.now
        let task = Task { () async throws -> HTTPResponse in
            try await client.send(HTTPRequest(url: peer.url("/slow?seconds=60")))
        }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let result = await task.result
        // Far less than the minute the server waits, even on a loaded machine.
        #expect(ContinuousClock.now - start < .seconds(30))
        guard case .failure(let error) = result else {
            Issue.record("a cancelled request returned a response")
            return
        }
        #expect((error as? KServeError)?.code == .interrupted)
    }

    @Test func libcurlVersionNamesLibcurl() {
        #expect(HTTPClient.libcurlVersion.hasPrefix("libcurl/"))
    }

    @Test func invalidConfigurationIsRejected() {
        var configuration = HTTPClientConfiguration()
        configuration.connectTimeout = 0
        #expect(throws: KServeError.self) { try HTTPClient(configuration: configuration) }
        configuration = HTTPClientConfiguration()
        configuration.timeout = -1
        #expect(throws: KServeError.self) { try HTTPClient(configuration: configuration) }
    }
}
