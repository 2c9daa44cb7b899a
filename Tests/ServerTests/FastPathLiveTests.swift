import Core
import Foundation
import Inference
import Runtime
import Testing

@testable import Server

/// The fast path on a live server, over raw connections: the same answers as the router's, in request order when a
/// connection mixes requests for both.
@Suite("Inference fast path, live")
struct FastPathLiveTests {
    /// A server for the duration of `body`, with or without the fast path.
    static func serving<T: Sendable>(
        fastPath: Bool,
        _ body: @Sendable (Int) async throws -> T
    ) async throws -> T {
        var configuration = ServerConfiguration()
        configuration.fastPath = fastPath
        configuration.models = [TestServer.source("bin", .xgboost, "binary_logistic")]
        return try await LiveServer.with(configuration, body)
    }

    static func request(_ path: String, body: [UInt8], headers: [String] = []) -> [UInt8] {
        let head =
            [
                "POST \(path) HTTP/1.1", "Host: localhost", "Content-Type: application/json",
                "Content-Length: \(body.count)",
            ]
            + headers
        return Array((head.joined(separator: "\r\n") + "\r\n\r\n").utf8) + body
    }

    static let closing = Array("GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)

    /// Every request kind the fast path takes, answered or refused.
    static func cases() throws -> [(String, [UInt8])] {
        let fixture = try TreeFixture.load(.xgboost, "binary_logistic").jsonRows
        let good = JSONWriter.bytes(V2JSONCodec.encodeRequest(Requests.v2(fixture)))
        var short = Requests.v2(fixture)
        short.inputs[0].shape = [1, Int64(fixture.featureCount)]
        let binary = try V2BinaryCodec.encodeRequest(Requests.v2(fixture), binaryInputs: true, binaryOutputs: true)
        let header = "Inference-Header-Content-Length: \(binary.jsonHeaderLength ?? 0)"
        return [
            ("JSON", request("/v2/models/bin/infer", body: good)),
            ("JSON, version 1", request("/v2/models/bin/versions/1/infer", body: good)),
            ("JSON, version 9", request("/v2/models/bin/versions/9/infer", body: good)),
            ("JSON, unknown model", request("/v2/models/other/infer", body: good)),
            (
                "JSON, wrong shape",
                request("/v2/models/bin/infer", body: JSONWriter.bytes(V2JSONCodec.encodeRequest(short)))
            ),
            ("malformed JSON", request("/v2/models/bin/infer", body: Array("{\"inputs\": [".utf8))),
            ("binary in and out", request("/v2/models/bin/infer", body: binary.bytes, headers: [header])),
            (
                "a bad binary header",
                request("/v2/models/bin/infer", body: good, headers: ["Inference-Header-Content-Length: x"])
            ),
            ("V1", request("/v1/models/bin:predict", body: JSONWriter.bytes(Requests.v1(fixture)))),
            (
                "V1, inputs",
                request("/v1/models/bin:predict", body: JSONWriter.bytes(Requests.v1(fixture, key: "inputs")))
            ),
            ("V1, unknown model", request("/v1/models/other:predict", body: JSONWriter.bytes(Requests.v1(fixture)))),
            ("V1, malformed", request("/v1/models/bin:predict", body: Array("{\"instances\": 3}".utf8))),
            (
                "a binary header past the body",
                request("/v2/models/bin/infer", body: good, headers: ["Inference-Header-Content-Length: 99999"])
            ),
        ]
    }

    @Test func answersAsTheRouterDoes() async throws {
        let cases = try Self.cases()
        let exchange: @Sendable (Bool) async throws -> [[RawAnswer]] = { fastPath in
            try await Self.serving(fastPath: fastPath) { port in
                try cases.map { (_, request) in
                    try RawAnswer.parse(RawConnection.exchange(request + Self.closing, port: port).bytes)
                }
            }
        }
        let fast = try await exchange(true)
        let routed = try await exchange(false)
        for (index, (what, _)) in cases.enumerated() {
            #expect(fast[index].count == 2, "\(what)")
            #expect(routed[index].count == 2, "\(what)")
            guard let mine = fast[index].first, let theirs = routed[index].first else { continue }
            #expect(mine.status == theirs.status, "\(what)")
            #expect(mine.fieldsButDate == theirs.fieldsButDate, "\(what)")
            #expect(mine.body == theirs.body, "\(what): \(String(decoding: mine.body, as: UTF8.self))")
            #expect(mine.fields.contains { $0.name == "date" }, "\(what)")
        }
        // The cases answer what they say (the comparison above would pass on two servers equally broken).
        let statuses = fast.map { $0.first?.status }
        #expect(statuses == [200, 200, 404, 404, 400, 400, 200, 400, 200, 200, 404, 400, 400])
    }

    @Test func keepsRequestOrderWhenTheRouterAnswersSomeRequests() async throws {
        let fixture = try TreeFixture.load(.xgboost, "binary_logistic").jsonRows
        let good = JSONWriter.bytes(V2JSONCodec.encodeRequest(Requests.v2(fixture)))
        let chunked =
            Array("POST /v2/models/bin/infer HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
            + Array(String(good.count, radix: 16).utf8) + Array("\r\n".utf8) + good + Array("\r\n0\r\n\r\n".utf8)
        // All in one write: the router's answers (the health check, the chunked request, the closing one) must not
        // overtake the fast path's.
        let pipelined =
            Self.request("/v2/models/bin/infer", body: good)
            + Array("GET /v2/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)
            + Self.request("/v2/models/other/infer", body: good)
            + chunked
            + Self.request("/v2/models/bin/infer", body: good)
            + Self.request("/v2/models/bin/infer", body: good, headers: ["Connection: close"])
        let answers = try await Self.serving(fastPath: true) { port in
            try RawAnswer.parse(RawConnection.exchange(pipelined, port: port).bytes)
        }
        #expect(answers.map(\.status) == [200, 200, 404, 200, 200, 200])
        let bodies = answers.map { String(decoding: $0.body, as: UTF8.self) }
        #expect(bodies.count == 6)
        guard bodies.count == 6 else { return }
        #expect(bodies[1] == "{\"live\":true}")
        #expect(bodies[2].contains("other"))
        for index in [0, 3, 4, 5] {
            let outputs = try Requests.v2OutputDoubles(try JSONParser.parse(answers[index].body))
            #expect(Requests.identical(try #require(outputs), fixture.expected), "answer \(index)")
        }
    }
}

/// One HTTP/1.1 answer read off a raw connection.
struct RawAnswer: Equatable {
    var status: Int
    /// Names lowercased, in the order sent.
    var fields: [Field]
    var body: [UInt8]

    struct Field: Equatable, Hashable {
        var name: String
        var value: String
    }

    var fieldsButDate: [Field] { fields.filter { $0.name != "date" } }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// The answers in `bytes`, one after another; each must carry Content-Length.
    static func parse(_ bytes: [UInt8]) throws -> [RawAnswer] {
        var answers: [RawAnswer] = []
        var rest = bytes[...]
        let separator = Array("\r\n\r\n".utf8)
        while !rest.isEmpty {
            guard let end = rest.firstRange(of: separator) else { throw Malformed(description: "no end of head") }
            let lines = String(decoding: rest[rest.startIndex..<end.lowerBound], as: UTF8.self)
                .components(separatedBy: "\r\n")
            let statusWords = lines[0].split(separator: " ")
            guard statusWords.count >= 2, let status = Int(statusWords[1]) else {
                throw Malformed(description: "status line \(lines[0])")
            }
            var fields: [Field] = []
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { throw Malformed(description: "field \(line)") }
                fields.append(
                    Field(
                        name: line[..<colon].lowercased(),
                        value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    )
                )
            }
            guard let length = fields.first(where: { $0.name == "content-length" }).flatMap({ Int($0.value) }),
                rest.count - (end.upperBound - rest.startIndex) >= length
            else { throw Malformed(description: "no or short body") }
            let bodyStart = end.upperBound
            answers.append(
                RawAnswer(status: status, fields: fields, body: Array(rest[bodyStart..<(bodyStart + length)]))
            )
            rest = rest[(bodyStart + length)...]
        }
        return answers
    }
}
