import Core
import Foundation
import Testing

@testable import Kube

/// The small parsers under the client: watch stream framing, Warning headers, timestamps, base64.
@Suite struct KubeWireFormatTests {
    @Test func watchStreamSplitsAtAnyChunkBoundary() throws {
        let text =
            #"{"type":"ADDED","object":{"a":"}{\"x"}} "# + "\n"
            + #"{"type":"BOOKMARK","object":{"list":[1,{"b":[]}]}}{"type":"DELETED","object":{}}"# + "\r\n"
        let stream = Array(text.utf8)
        let expected = try splitAll([stream])
        #expect(expected.count == 3)
        #expect(try JSONParser.parse(expected[0])["object"]?["a"]?.stringValue == #"}{"x"#)
        for size in 1...7 {
            let chunks = stride(from: 0, to: stream.count, by: size).map {
                Array(stream[$0..<min($0 + size, stream.count)])
            }
            #expect(try splitAll(chunks) == expected, "chunk size \(size)")
        }
        var splitter = JSONStreamSplitter()
        #expect(throws: KServeError.self) { _ = try splitter.feed(Array("[1]".utf8)) }
    }

    func splitAll(_ chunks: [[UInt8]]) throws -> [[UInt8]] {
        var splitter = JSONStreamSplitter()
        var documents: [[UInt8]] = []
        for chunk in chunks { documents += try splitter.feed(chunk) }
        #expect(splitter.isIdle)
        return documents
    }

    @Test func warningHeadersYieldTheirTexts() {
        #expect(APIWarnings.texts(#"299 - "spec.x is deprecated""#) == ["spec.x is deprecated"])
        #expect(
            APIWarnings.texts(#"299 - "first, with comma", 299 - "second \"quoted\"" "Sat, 28 Nov 2026 10:00:00 GMT""#)
                == ["first, with comma", #"second "quoted""#]
        )
        #expect(APIWarnings.texts("299 - unquoted").isEmpty)
        #expect(APIWarnings.texts(#"299 - "unterminated"#).isEmpty)
    }

    @Test func timestampsFollowRFC3339() {
        #expect(RFC3339.parse("1970-01-01T00:00:00Z") == 0)
        #expect(RFC3339.parse("2026-11-28T12:00:00Z") == 1_795_867_200)
        #expect(RFC3339.parse("2026-11-28T13:30:00+01:30") == 1_795_867_200)
        #expect(RFC3339.parse("2000-02-29T00:00:00.250Z") == 951_782_400.25)
        for bad in ["", "2026-11-28", "2026-13-01T00:00:00Z", "2026-11-28T12:00:00", "2026-11-28T12:00:00Zjunk"] {
            #expect(RFC3339.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func base64RoundTripsAndRejectsGarbage() {
        for text in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
            let encoded = Base64.encode(Array(text.utf8))
            #expect(encoded == Data(text.utf8).base64EncodedString())
            #expect(Base64.decode(encoded) == Array(text.utf8))
        }
        #expect(Base64.decode("Zm9v\nYmFy") == Array("foobar".utf8))
        #expect(Base64.decode("Zm9v!") == nil)
        #expect(Base64.decode("Z") == nil)
        #expect(Base64.decode("Zg==Zg==") == nil)
    }

    @Test func interactiveModeDecidesAboutStandardInput() throws {
        let directory = try TestDirectory()
        let script = try directory.write(
            "plugin",
            """
            #!/bin/sh
            printf '%s' "$KUBERNETES_EXEC_INFO" > "\(directory.path)/info.json"
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}'
            """,
            executable: true
        )
        func plugin(_ mode: ExecConfig.InteractiveMode) -> ExecPlugin {
            ExecPlugin(
                config: ExecConfig(command: script, interactiveMode: mode),
                userName: "u",
                environment: ["PATH": "/usr/bin:/bin"],
                clusterInfo: .object(ValueObject([("server", .string("https://x"))]))
            )
        }
        let always = expectKServeError { _ = try ExecCredentialRunner.run(plugin(.always), stdinIsTerminal: false) }
        #expect(always?.code == .auth)
        #expect(always?.message.contains("interactive terminal") == true)

        let credential = try ExecCredentialRunner.run(plugin(.ifAvailable), stdinIsTerminal: false)
        #expect(credential.token == "t" && credential.expiration == nil)
        let info = try JSONParser.parse(try directory.read("info.json"))
        #expect(info["spec"]?["interactive"]?.boolValue == false)
        // Cluster details only when provideClusterInfo is set.
        #expect(info["spec"]?["cluster"] == nil)
    }
}
