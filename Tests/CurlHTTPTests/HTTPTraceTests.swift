import Core
import Foundation
import PeerSupport
import Testing

@testable import CurlHTTP

@Suite struct HTTPTraceTests {
    @Test(arguments: [
        "Authorization", "proxy-authorization", "Cookie", "SET-COOKIE", "X-Api-Key", "X-Auth-Token", "token",
        "x-refresh-TOKEN-id",
    ])
    func credentialHeadersAreSensitive(name: String) {
        #expect(HTTPRedaction.isSensitive(headerName: name))
        #expect(HTTPRedaction.value("secret", forHeader: name) == "<redacted>")
    }

    @Test(arguments: ["Content-Type", "Accept", "X-Plain", "Host", "User-Agent"])
    func ordinaryHeadersAreShown(name: String) {
        #expect(!HTTPRedaction.isSensitive(headerName: name))
        #expect(HTTPRedaction.value("shown", forHeader: name) == "shown")
    }

    @Test func userinfoInURLsIsRedacted() {
        #expect(HTTPRedaction.url("https://user:pw@host:8443/a?b=c") == "https://<redacted>@host:8443/a?b=c")
        #expect(HTTPRedaction.url("http://user@host/") == "http://<redacted>@host/")
        #expect(HTTPRedaction.url("http://a:b@c@host") == "http://<redacted>@host")
        #expect(HTTPRedaction.url("http://host/path@not-userinfo") == "http://host/path@not-userinfo")
        #expect(HTTPRedaction.url("http://host/?q=a@b") == "http://host/?q=a@b")
        #expect(HTTPRedaction.url("not a url @ all") == "not a url @ all")
    }

    @Test func textBodiesAreShownAndCutAtTheLimit() {
        #expect(HTTPTracer.describeBody(Array("{\"a\":1}\n".utf8)) == "{\"a\":1}\n")
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: HTTPTracer.bodyLimit + 10)
        let shown = HTTPTracer.describeBody(long)
        #expect(shown.hasPrefix(String(repeating: "x", count: HTTPTracer.bodyLimit)))
        #expect(shown.hasSuffix("... (10 more bytes)"))
    }

    @Test func cutsNeverSplitACharacter() {
        // "é" is two bytes; the limit falls between them.
        let body = [UInt8](repeating: UInt8(ascii: "a"), count: HTTPTracer.bodyLimit - 1) + Array("é tail".utf8)
        let shown = HTTPTracer.describeBody(body)
        #expect(!shown.contains("\u{FFFD}"))
        #expect(shown.hasSuffix("... (\(body.count - (HTTPTracer.bodyLimit - 1)) more bytes)"))
    }

    @Test func binaryBodiesShowTheirSize() {
        #expect(HTTPTracer.describeBody([0, 1, 2, 255, 254]) == "<5 bytes binary>")
        #expect(HTTPTracer.describeBody(Array("text\u{1}".utf8)) == "<5 bytes binary>")
    }

    @Test func millisecondsHaveOneDecimal() {
        #expect(HTTPTracer.formatMilliseconds(12.34) == "12.3")
        #expect(HTTPTracer.formatMilliseconds(0.06) == "0.1")
        #expect(HTTPTracer.formatMilliseconds(7) == "7.0")
    }

    @Test func requestsLevelTracesOneLineEachWay() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let recorder = LineRecorder()
        var configuration = HTTPClientConfiguration()
        configuration.trace = .requests
        configuration.traceSink = recorder.sink
        let client = try HTTPClient(configuration: configuration)
        let response = try client.send(HTTPRequest(method: "POST", url: peer.url("/echo"), body: Array("hi".utf8)))

        let lines = recorder.lines
        #expect(lines.count == 2)
        #expect(lines.first == "> POST \(peer.url("/echo"))")
        let last = try #require(lines.last)
        #expect(last.hasPrefix("< 200 OK ("))
        #expect(last.hasSuffix(" ms, \(response.body.count) bytes)"))
    }

    @Test func bodiesLevelShowsHeadersAndBodiesButNeverCredentials() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let recorder = LineRecorder()
        var configuration = HTTPClientConfiguration()
        configuration.trace = .bodies
        configuration.traceSink = recorder.sink
        let client = try HTTPClient(configuration: configuration)
        let url = peer.url("/cookies").replacingOccurrences(of: "://", with: "://alice:url-secret@")
        let request = HTTPRequest(
            method: "POST",
            url: url,
            headers: HTTPHeaders([
                ("Authorization", "Bearer bearer-secret"),
                ("Cookie", "c=cookie-secret"),
                ("X-Api-Key", "api-key-secret"),
                ("X-Service-Token", "service-token-secret"),
                ("Proxy-Authorization", "Basic proxy-secret"),
                ("X-Visible", "request-visible"),
            ]),
            body: Array("request body text".utf8)
        )
        let response = try client.send(request)
        #expect(response.status == 200)

        let lines = recorder.lines
        let all = lines.joined(separator: "\n")
        for secret in [
            "url-secret", "bearer-secret", "cookie-secret", "api-key-secret", "service-token-secret", "proxy-secret",
            "peer-cookie-secret", "peer-cookie-two", "peer-token-secret", "alice",
        ] {
            #expect(!all.contains(secret), "trace leaks \(secret)")
        }
        #expect(lines.first == "> POST \(peer.url("/cookies").replacingOccurrences(of: "://", with: "://<redacted>@"))")
        #expect(lines.contains("> Authorization: <redacted>"))
        #expect(lines.contains("> X-Service-Token: <redacted>"))
        #expect(lines.contains("> X-Visible: request-visible"))
        #expect(lines.contains("> User-Agent: kserve"))
        #expect(lines.contains("> request body text"))
        #expect(lines.filter { $0 == "< Set-Cookie: <redacted>" }.count == 2)
        #expect(lines.contains("< X-Auth-Token: <redacted>"))
        #expect(lines.contains("< X-Plain: visible-value"))
        #expect(lines.contains("< {\"ok\":true}"))
    }

    @Test func failuresAreTraced() throws {
        let recorder = LineRecorder()
        var configuration = HTTPClientConfiguration()
        configuration.trace = .requests
        configuration.traceSink = recorder.sink
        let client = try HTTPClient(configuration: configuration)
        let url = "http://127.0.0.1:\(try closedLoopbackPort())/"
        #expect(throws: KServeError.self) { try client.send(HTTPRequest(url: url)) }
        let lines = recorder.lines
        #expect(lines.count == 2)
        #expect(lines.last?.hasPrefix("< error: cannot connect to \(url): connection refused (") == true)
    }

    @Test func noneLevelTracesNothing() throws {
        let peer = try PeerServer()
        defer { peer.stop() }
        let recorder = LineRecorder()
        var configuration = HTTPClientConfiguration()
        configuration.traceSink = recorder.sink
        _ = try HTTPClient(configuration: configuration).send(HTTPRequest(url: peer.url("/echo")))
        #expect(recorder.lines.isEmpty)
    }
}
