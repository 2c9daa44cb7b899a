import Core
import CurlHTTP
import Foundation
import Hummingbird
import HummingbirdTesting
import Inference
import Logging
import Runtime
import ServingTestSupport
import Synchronization
import Testing
import Trees

@testable import Server

@Suite("Auth and limits")
struct AuthAndLimitsTests {
    private func tokenConfiguration() -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.token = "s3cret-token"
        return configuration
    }

    @Test func everyRouteButHealthNeedsTheToken() async throws {
        let models = [TestServer.source("m", .lightgbm, "binary")]
        try await TestServer.with(models, configuration: tokenConfiguration()) { client, _ in
            for path in ["/v2/health/live", "/v2/health/ready", "/v2/health/live/"] {
                #expect(try await client.get(path).status == 200, "\(path)")
            }
            for path in ["/v2", "/v2/models", "/v2/models/m/ready", "/v1/models", "/metrics", "/v2/models/stats"] {
                let missing = try await client.get(path)
                #expect(missing.status == 401, "\(path)")
                #expect(missing.header("WWW-Authenticate") == "Bearer")
                #expect(missing.error?.contains("Authorization") == true)
                let wrong = try await client.get(path, headers: ["Authorization": "Bearer s3cret-tokem"])
                #expect(wrong.status == 401, "\(path)")
                let basic = try await client.get(path, headers: ["Authorization": "Basic s3cret-token"])
                #expect(basic.status == 401, "\(path)")
                let right = try await client.get(path, headers: ["Authorization": "Bearer s3cret-token"])
                #expect(right.status == 200, "\(path): \(right.text)")
            }
            let lowercase = try await client.get("/v2/models", headers: ["Authorization": "bearer s3cret-token"])
            #expect(lowercase.status == 200)
            let load = try await client.post("/v2/repository/models/m/unload", text: "{}")
            #expect(load.status == 401)
        }
    }

    @Test func tokenAuthOnALiveServer() async throws {
        var configuration = tokenConfiguration()
        configuration.port = 0
        try await TestServer.with([], configuration: configuration, setup: .live) { client, _ in
            #expect(try await client.get("/v2/health/ready").status == 200)
            #expect(try await client.get("/v2/models").status == 401)
            let right = try await client.get("/v2/models", headers: ["Authorization": "Bearer s3cret-token"])
            #expect(right.json == ["models": []])
        }
    }

    @Test(arguments: [TestingSetup.router, .live])
    func bodiesOverTheLimitAre413(setup: TestingSetup) async throws {
        var configuration = ServerConfiguration()
        configuration.maxBodyBytes = 1000
        configuration.port = 0
        let models = [TestServer.source("m", .lightgbm, "binary")]
        try await TestServer.with(models, configuration: configuration, setup: setup) { client, _ in
            let big = Array(repeating: UInt8(ascii: " "), count: 1001) + Array("{}".utf8)
            for path in ["/v2/models/m/infer", "/v1/models/m:predict", "/v2/repository/index"] {
                let reply = try await client.send(.post, path, body: big)
                #expect(reply.status == 413, "\(path): \(reply.text)")
                #expect(reply.error?.contains("1000 bytes") == true, "\(path): \(reply.text)")
            }
            // Exactly at the limit is accepted (and then judged on its content).
            let atLimit = Array(repeating: UInt8(ascii: " "), count: 998) + Array("{}".utf8)
            #expect(try await client.send(.post, "/v2/repository/index", body: atLimit).status == 200)
        }
    }

    @Test func loopbackAddresses() {
        for address in ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1", "0::1"] {
            #expect(AddressPolicy.isLoopback(address), "\(address)")
        }
        for address in [
            "0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.com", "127.0.0.1.nip.io", "::2", "1::1", "",
        ] {
            #expect(!AddressPolicy.isLoopback(address), "\(address)")
        }
    }

    @Test func aPublicAddressNeedsAToken() async throws {
        var configuration = ServerConfiguration()
        configuration.address = "0.0.0.0"
        configuration.port = 0
        await #expect { try await ModelServer.run(configuration) { _ in } } throws: { error in
            (error as? KServeError)?.code == .usage && (error as? KServeError)?.message.contains("token") == true
        }
        configuration.address = "127.0.0.1"
        configuration.token = ""
        await #expect { try await ModelServer.run(configuration) { _ in } } throws: { error in
            (error as? KServeError)?.code == .usage
        }
        configuration.token = "t"
        configuration.address = "0.0.0.0"
        #expect(throws: Never.self) { try ModelServer.validate(configuration) }
        configuration.port = 70000
        #expect(throws: KServeError.self) { try ModelServer.validate(configuration) }
    }

    @Test func constantTimeComparison() {
        #expect(BearerToken.equal(Array("abc".utf8), Array("abc".utf8)))
        #expect(!BearerToken.equal(Array("abc".utf8), Array("abd".utf8)))
        #expect(!BearerToken.equal(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!BearerToken.equal([], Array("a".utf8)))
    }

    @Test func runServesUntilCancelledAndRegistersEverything() async throws {
        let directory = try TemporaryDirectory()
        try directory.copy(TreeFixture.modelPath(.lightgbm, "binary"), as: "from-dir.txt")
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.modelsDirectory = directory.path
        configuration.models = [TestServer.source("named", .xgboost, "binary_logistic")]
        configuration.eagerLoad = true
        let captured = CapturedLog()
        configuration.logger = captured.logger
        let port = Mutex<Int?>(nil)
        let server = Task {
            try await ModelServer.run(configuration) { bound in port.withLock { $0 = bound } }
        }
        var bound: Int?
        for _ in 0..<2400 where bound == nil {
            try await Task.sleep(nanoseconds: 25_000_000)
            bound = port.withLock { $0 }
        }
        let serverPort = try #require(bound)
        #expect(serverPort > 0)
        let http = try HTTPClient()
        let base = "http://127.0.0.1:\(serverPort)"
        var index: Value = []
        for _ in 0..<200 {
            let reply = try await http.send(
                CurlHTTP.HTTPRequest(method: "POST", url: base + "/v2/repository/index", body: Array("{}".utf8))
            )
            index = try JSONParser.parse(reply.body, source: "index")
            if index.arrayValue?.allSatisfy({ $0["state"] == "READY" }) == true { break }
            try await Task.sleep(nanoseconds: 25_000_000)
        }
        #expect(index.arrayValue?.compactMap { $0["name"]?.stringValue } == ["from-dir", "named"])
        #expect(index.arrayValue?.allSatisfy { $0["state"] == "READY" } == true)
        let ready = try await http.send(CurlHTTP.HTTPRequest(method: "GET", url: base + "/v2/health/ready"))
        #expect(ready.status == 200)
        server.cancel()
        try await server.value
        let log = captured.lines
        #expect(log.contains { $0.contains("registered 2 models") })
        #expect(log.contains { $0.contains("server stopped") })
        #expect(captured.lines(at: .info).contains("server stopped"))
    }

    /// V2 requests by model name are answered by the fast path in front of the router, V1 ones by the router: both
    /// drain.
    @Test(arguments: ["v1", "v2"])
    func shutdownDrainsRequestsInFlight(protocolName: String) async throws {
        // The load waits at a gate the test opens once shutdown has started, so that a request is still waiting
        // for its model when shutdown starts, however busy the machine.
        let gate = DispatchSemaphore(value: 0)
        let loader = ModelLoader { (format, bytes, source) throws(KServeError) -> any ServableModel in
            gate.wait()
            return try ModelLoader.standard.load(format, bytes, source)
        }
        let repository = ModelRepository(configuration: RepositoryConfiguration(), loader: loader)
        defer { repository.shutdown() }
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.models = [TestServer.source("slow", .lightgbm, "binary")]
        let started = Mutex<(port: Int, shutdown: @Sendable () async -> Void)?>(nil)
        let server = Task {
            try await ModelServer.serve(configuration, repository: repository, signals: []) { port, shutdown in
                started.withLock { $0 = (port, shutdown) }
            }
        }
        var handle: (port: Int, shutdown: @Sendable () async -> Void)?
        for _ in 0..<2400 where handle == nil {
            try await Task.sleep(nanoseconds: 25_000_000)
            handle = started.withLock { $0 }
        }
        let ready = try #require(handle)
        let fixture = try TreeFixture.load(.lightgbm, "binary")
        let rows = fixture.jsonRows
        let v2 = protocolName == "v2"
        let base = "http://127.0.0.1:\(ready.port)"
        let url = v2 ? base + "/v2/models/slow/infer" : base + "/v1/models/slow:predict"
        let body =
            v2 ? JSONWriter.bytes(V2JSONCodec.encodeRequest(Requests.v2(rows))) : JSONWriter.bytes(Requests.v1(rows))
        let inFlight = Task {
            try await HTTPClient().send(CurlHTTP.HTTPRequest(method: "POST", url: url, body: body, timeout: 30))
        }
        // The request is in flight once it has started the (held) load.
        var state = await repository.status("slow")?.state
        for _ in 0..<2400 where state != .loading {
            try await Task.sleep(nanoseconds: 25_000_000)
            state = await repository.status("slow")?.state
        }
        #expect(state == .loading)
        await ready.shutdown()
        gate.signal()
        let reply = try await inFlight.value
        #expect(reply.status == 200, "\(reply.bodyText)")
        let answer = try JSONParser.parse(reply.body)
        let predictions = v2 ? try Requests.v2OutputDoubles(answer) : Requests.v1Predictions(answer)
        #expect(Requests.identical(try #require(predictions), rows.expected))
        try await server.value
        await #expect(throws: KServeError.self) {
            try await HTTPClient().send(CurlHTTP.HTTPRequest(method: "GET", url: url, timeout: 5))
        }
    }

    @Test func aPortInUseIsAnError() async throws {
        let first = Mutex<Int?>(nil)
        var configuration = ServerConfiguration()
        configuration.port = 0
        let any = configuration
        let server = Task { try await ModelServer.run(any) { port in first.withLock { $0 = port } } }
        var bound: Int?
        for _ in 0..<2400 where bound == nil {
            try await Task.sleep(nanoseconds: 25_000_000)
            bound = first.withLock { $0 }
        }
        configuration.port = try #require(bound)
        let busy = configuration
        await #expect { try await ModelServer.run(busy) { _ in } } throws: { error in
            (error as? KServeError)?.code == .io && (error as? KServeError)?.message.contains("\(busy.port)") == true
        }
        server.cancel()
        try await server.value
    }
}
