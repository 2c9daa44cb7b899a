import Core
import CurlHTTP
import Foundation
import Testing

/// `kserve models` (the built binary) against the real KServe Python model server.
@Suite("kserve models against the KServe Python model server")
struct ModelsIntegrationTests {
    static let served = ["echo", "failing", "row-sum", "slow"]

    @Test func listsEveryModelWithReadiness() throws {
        let server = try PeerServer.require()
        let result = try ProcessRunner.kserve(["models", "--url", server.url])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["NAME", "READY"])
        let rows = lines.dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.map { $0[0] }.sorted() == Self.served)
        #expect(rows.allSatisfy { $0.last == "True" })
    }

    @Test func listAsNamesAndJSON() throws {
        let server = try PeerServer.require()
        let names = try ProcessRunner.kserve(["models", "--url", server.url, "-o", "name"])
        #expect(names.status == 0)
        #expect(names.stdout.split(separator: "\n").map(String.init).sorted() == Self.served)

        let json = try ProcessRunner.kserve(["models", "--url", server.url, "-o", "json"])
        #expect(json.status == 0)
        let list = try #require(try JSONParser.parse(json.stdout).arrayValue)
        #expect(list.compactMap { $0["name"]?.stringValue }.sorted() == Self.served)
        #expect(list.allSatisfy { $0["ready"] == .bool(true) })
    }

    @Test func describesOneModelWithTheServersMetadata() throws {
        let server = try PeerServer.require()
        let result = try ProcessRunner.kserve(["models", "echo", "--url", server.url, "-o", "json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let ours = try JSONParser.parse(result.stdout)
        var configuration = HTTPClientConfiguration()
        configuration.timeout = 10
        let direct = try HTTPClient(configuration: configuration).send(HTTPRequest(url: server.url + "/v2/models/echo"))
        var expected = try #require(try JSONParser.parse(direct.body).objectValue)
        expected["ready"] = .bool(true)
        #expect(ours == .object(expected))

        let text = try ProcessRunner.kserve(["models", "echo", "--url", server.url])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Name:      echo"))
        #expect(text.stdout.contains("Ready:     True"))
    }

    @Test func unknownModelIsNotFound() throws {
        let server = try PeerServer.require()
        let result = try ProcessRunner.kserve(["models", "no-such-model", "--url", server.url])
        #expect(result.status == 5)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("no-such-model"))
    }

    @Test func serverDownIsConnectionRefused() throws {
        let result = try ProcessRunner.kserve(["models", "--url", "http://127.0.0.1:\(PeerServer.freePort())"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("connection refused"))
    }
}
