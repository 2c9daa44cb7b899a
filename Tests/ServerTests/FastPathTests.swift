import Core
import Inference
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Reconciler
import Runtime
import Synchronization
import Testing

@testable import Server

/// The fast path in front of the router: which requests it takes, that its answers are the router's byte for byte
/// (but for `Date`), and that HTTP/1.1 order and graceful shutdown hold when it answers some requests of a
/// connection and the router the others.
@Suite("Inference fast path")
struct FastPathTests {
    static let limits = FastInferRoute.Limits(maxBodyBytes: 1000, token: nil, routes: ServingRoutes())

    static func head(
        _ method: HTTPMethod = .POST,
        _ uri: String = "/v2/models/m/infer",
        version: HTTPVersion = .http1_1,
        headers: [(String, String)] = [("Host", "localhost"), ("Content-Length", "10")]
    ) -> HTTPRequestHead {
        HTTPRequestHead(version: version, method: method, uri: uri, headers: HTTPHeaders(headers))
    }

    @Test func takesPlainInferRequestsByModelName() throws {
        let plain = try #require(FastInferRoute.match(Self.head(), limits: Self.limits))
        #expect(plain.model == "m")
        #expect(plain.version == nil)
        #expect(plain.bodyLength == 10)
        let versioned = try #require(
            FastInferRoute.match(Self.head(.POST, "/v2/models/iris-2/versions/3/infer"), limits: Self.limits)
        )
        #expect(versioned.model == "iris-2")
        #expect(versioned.version == "3")
        let binary = FastInferRoute.match(
            Self.head(headers: [("Content-Length", "10"), ("Inference-Header-Content-Length", "4")]),
            limits: Self.limits
        )
        #expect(binary?.inferenceHeader == "4")
        let v1 = try #require(FastInferRoute.match(Self.head(.POST, "/v1/models/iris:predict"), limits: Self.limits))
        #expect(v1.wireProtocol == .v1)
        #expect(v1.model == "iris")
        #expect(plain.wireProtocol == .v2)
    }

    @Test(arguments: [
        ("a GET", FastPathTests.head(.GET)),
        ("HTTP/1.0", FastPathTests.head(version: .http1_0)),
        ("Connection: close", FastPathTests.head(headers: [("Content-Length", "10"), ("Connection", "close")])),
        ("a query", FastPathTests.head(.POST, "/v2/models/m/infer?x=1")),
        ("a percent-encoded name", FastPathTests.head(.POST, "/v2/models/a%2Fb/infer")),
        ("a trailing slash", FastPathTests.head(.POST, "/v2/models/m/infer/")),
        ("an empty name", FastPathTests.head(.POST, "/v2/models//infer")),
        ("another route", FastPathTests.head(.POST, "/v2/models/m/ready")),
        ("V1 explain", FastPathTests.head(.POST, "/v1/models/m:explain")),
        ("V1 without a name", FastPathTests.head(.POST, "/v1/models/:predict")),
        ("V1 without a verb", FastPathTests.head(.POST, "/v1/models/m")),
        ("V1 with a slash", FastPathTests.head(.POST, "/v1/models/a/b:predict")),
        ("no length", FastPathTests.head(headers: [("Host", "localhost")])),
        ("a chunked body", FastPathTests.head(headers: [("Transfer-Encoding", "chunked")])),
        (
            "a length and chunked",
            FastPathTests.head(headers: [("Content-Length", "10"), ("Transfer-Encoding", "chunked")])
        ),
        ("two lengths", FastPathTests.head(headers: [("Content-Length", "10"), ("Content-Length", "10")])),
        ("a body over the limit", FastPathTests.head(headers: [("Content-Length", "1001")])),
        ("Expect", FastPathTests.head(headers: [("Content-Length", "10"), ("Expect", "100-continue")])),
        (
            "the addressed-model header",
            FastPathTests.head(headers: [("Content-Length", "10"), ("x-kserve-addressed-model", "a")])
        ),
        (
            "the service-scope header",
            FastPathTests.head(headers: [("Content-Length", "10"), ("x-kserve-service-scope", "a")])
        ),
    ])
    func leavesEverythingElseToTheRouter(_ what: String, _ head: HTTPRequestHead) {
        #expect(FastInferRoute.match(head, limits: Self.limits) == nil, "\(what)")
    }

    @Test func takesOnlyRequestsWithTheRightToken() {
        var limits = Self.limits
        limits.token = Array("secret".utf8)
        func matches(_ authorization: String?) -> Bool {
            var headers = [("Content-Length", "10")]
            if let authorization { headers.append(("Authorization", authorization)) }
            return FastInferRoute.match(Self.head(headers: headers), limits: limits) != nil
        }
        #expect(matches("Bearer secret"))
        #expect(matches("bearer secret"))
        #expect(!matches(nil))
        #expect(!matches("Bearer wrong"))
        #expect(!matches("Bearer secret2"))
        #expect(!matches("Basic secret"))
    }

    @Test func formatsTheDateHeader() {
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    /// The handler alone: a taken request is answered without reaching the router, and a router request sent behind
    /// it is handed on only once that answer is written.
    @Test func answersTakenRequestsItselfAndHandsOnTheRestInOrder() async throws {
        let repository = ModelRepository(configuration: RepositoryConfiguration())
        defer { repository.shutdown() }
        try await repository.register(TestServer.source("bin", .xgboost, "binary_logistic"))
        let plane = DataPlane(repository: repository, configuration: ServerConfiguration(), ready: true)
        let fixture = try TreeFixture.load(.xgboost, "binary_logistic").jsonRows
        var limits = Self.limits
        limits.maxBodyBytes = 1 << 20
        let body = JSONWriter.bytes(V2JSONCodec.encodeRequest(Requests.v2(fixture)))
        let infer = Self.head(.POST, "/v2/models/bin/infer", headers: [("Content-Length", "\(body.count)")])
        try #require(FastInferRoute.match(infer, limits: limits) != nil)
        let settings = InferenceFastPath.Settings(plane: plane, limits: limits)
        // Recorders on both sides of the handler log, in the order they happen, the answer's parts going out and the
        // parts handed on to the router.
        let events = PipelineEvents()
        let channel = try await NIOAsyncTestingChannel { channel in
            try channel.pipeline.syncOperations.addHandlers([
                OutboundRecorder(events: events),
                InferenceFastPath(settings: settings, eventLoop: channel.eventLoop),
                InboundRecorder(events: events),
            ])
        }
        try await channel.writeInbound(HTTPServerRequestPart.head(infer))
        try await channel.writeInbound(HTTPServerRequestPart.body(ByteBuffer(bytes: body)))
        try await channel.writeInbound(HTTPServerRequestPart.end(nil))
        let live = Self.head(.GET, "/v2/health/live", headers: [("Host", "localhost")])
        try await channel.writeInbound(HTTPServerRequestPart.head(live))
        try await channel.writeInbound(HTTPServerRequestPart.end(nil))

        // The router's request is handed on only once the answer is written: when its head shows up, the whole
        // answer must already be there, and nothing of the infer request went to the router.
        guard case .head(let passed) = try await Self.next(inboundOf: channel) else {
            Issue.record("the infer request went to the router, or the router's request was not handed on")
            return
        }
        #expect(passed.uri == "/v2/health/live")
        #expect(events.log.withLock { $0 } == ["out head", "out body", "out end", "in head /v2/health/live"])
        let answer = try await Self.written(channel)
        guard answer.count == 3, case .head(let answerHead) = answer[0],
            case .body(.byteBuffer(let answerBody)) = answer[1], case .end = answer[2]
        else {
            Issue.record("the answer was not written before the next request went on: \(answer)")
            return
        }
        #expect(answerHead.status == .ok)
        #expect(answerHead.headers["Content-Type"] == ["application/json"])
        #expect(answerHead.headers["Content-Length"] == ["\(answerBody.readableBytes)"])
        let outputs = try Requests.v2OutputDoubles(try JSONParser.parse(Array(answerBody.readableBytesView)))
        #expect(Requests.identical(try #require(outputs), fixture.expected))
        guard case .end = try await Self.next(inboundOf: channel) else {
            Issue.record("the router's request did not end")
            return
        }
        #expect(try await channel.readInbound(as: HTTPServerRequestPart.self) == nil)
        _ = try await channel.finish()
    }

    struct NothingArrived: Error {}

    /// What the handler has written towards the socket so far, without waiting.
    static func written(_ channel: NIOAsyncTestingChannel) async throws -> [HTTPServerResponsePart] {
        var parts: [HTTPServerResponsePart] = []
        while let part = try await channel.readOutbound(as: HTTPServerResponsePart.self) { parts.append(part) }
        return parts
    }

    /// The next part the handler handed on towards the router, polled for up to 60 s (a deadline, so that a handler
    /// that never hands it on fails the test instead of hanging it; the wait ends as soon as the part is there).
    static func next(inboundOf channel: NIOAsyncTestingChannel) async throws -> HTTPServerRequestPart {
        try await poll {
            // The testing loop runs what was handed to it (the answer's task is scheduled there) when asked to.
            await channel.testingEventLoop.run()
            return try await channel.readInbound(as: HTTPServerRequestPart.self)
        }
    }

    private static func poll<T>(_ read: () async throws -> T?) async throws -> T {
        for _ in 0..<12_000 {
            if let value = try await read() { return value }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        throw NothingArrived()
    }
}

/// What passed the handler, in order, as the recorders saw it on its event loop.
final class PipelineEvents: Sendable {
    let log = Mutex<[String]>([])
}

/// Logs the parts written towards the socket.
final class OutboundRecorder: ChannelOutboundHandler, Sendable {
    typealias OutboundIn = HTTPServerResponsePart
    let events: PipelineEvents

    init(events: PipelineEvents) { self.events = events }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let name: String
        switch unwrapOutboundIn(data) {
        case .head: name = "out head"
        case .body: name = "out body"
        case .end: name = "out end"
        }
        events.log.withLock { $0.append(name) }
        context.write(data, promise: promise)
    }
}

/// Logs the request heads handed on towards the router.
final class InboundRecorder: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    let events: PipelineEvents

    init(events: PipelineEvents) { self.events = events }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) { events.log.withLock { $0.append("in head \(head.uri)") } }
        context.fireChannelRead(data)
    }
}
