import Bench
import Testing

/// The load engine's HTTP/1.1 response parser: framing by Content-Length, chunked coding and connection close,
/// on reads split at every possible place.
@Suite struct EngineParserTests {
    /// Feeds `wire` in pieces of `step` bytes and returns what was parsed.
    static func parse(_ wire: String, step: Int) throws -> (responses: [ParsedResponse], parser: HTTPResponseParser) {
        var parser = HTTPResponseParser()
        var responses: [ParsedResponse] = []
        let bytes = Array(wire.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            try parser.feed(Array(bytes[offset..<end])) { responses.append($0) }
            offset = end
        }
        return (responses, parser)
    }

    static let keepAlive =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}"
    static let chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n"
    static let notFound = "HTTP/1.1 404 Not Found\r\ncontent-length: 27\r\n\r\n{\"error\":\"model not found\"}"

    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func pipelinedResponsesOnSplitReads(step: Int) throws {
        let wire = Self.keepAlive + Self.chunked + Self.notFound
        let (responses, parser) = try Self.parse(wire, step: step)
        #expect(responses.map(\.status) == [200, 200, 404])
        #expect(responses.map(\.keepAlive) == [true, true, true])
        #expect(responses.map(\.wireBytes).reduce(0, +) == wire.utf8.count)
        #expect(responses[0].wireBytes == Self.keepAlive.utf8.count)
        #expect(responses[1].wireBytes == Self.chunked.utf8.count)
        #expect(responses[0].errorBody.isEmpty)
        #expect(String(decoding: responses[2].errorBody, as: UTF8.self) == "{\"error\":\"model not found\"}")
        #expect(!parser.isMidResponse)
    }

    @Test func connectionCloseAndHTTP10() throws {
        let wire = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"
        let (closing, _) = try Self.parse(wire, step: 5)
        #expect(closing.count == 1)
        #expect(closing.first?.keepAlive == false)

        let (old, _) = try Self.parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", step: 3)
        #expect(old.first?.keepAlive == false)
        let (oldKept, _) = try Self.parse(
            "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n",
            step: 9
        )
        #expect(oldKept.first?.keepAlive == true)
    }

    @Test func bodyUntilCloseEndsWithTheConnection() throws {
        var (responses, parser) = try Self.parse("HTTP/1.1 200 OK\r\n\r\nall of this is body", step: 4)
        #expect(responses.isEmpty)
        #expect(parser.isMidResponse)
        guard case .success(let response)? = parser.connectionClosed() else {
            Issue.record("expected a response completed by the close")
            return
        }
        responses.append(response)
        #expect(response.status == 200)
        #expect(response.keepAlive == false)
        #expect(response.wireBytes == "HTTP/1.1 200 OK\r\n\r\nall of this is body".utf8.count)
    }

    @Test func closeInTheMiddleOfABodyIsAnError() throws {
        var (responses, parser) = try Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", step: 100)
        #expect(responses.isEmpty)
        guard case .failure? = parser.connectionClosed() else {
            Issue.record("a cut-off body must be an error")
            return
        }
        responses = []
        #expect(parser.connectionClosed() == nil)
    }

    @Test func interimAndBodylessAnswers() throws {
        let wire =
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"
        let (responses, _) = try Self.parse(wire, step: 1)
        #expect(responses.map(\.status) == [204, 200])
    }

    @Test(arguments: [
        "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
    ])
    func malformedAnswersAreErrors(wire: String) {
        #expect(throws: HTTPParseError.self) { _ = try Self.parse(wire, step: 1) }
    }

    @Test func oversizedHeadIsAnError() {
        let wire = "HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "a", count: HTTPResponseParser.maximumHeadBytes)
        #expect(throws: HTTPParseError.self) { _ = try Self.parse(wire, step: 1000) }
    }
}
