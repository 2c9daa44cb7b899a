import Core
import CurlHTTP
import Foundation
import Kube
import PeerSupport
import Resources
import Testing

/// Credentials as the fake API server (`Peers/fake_apiserver.py`, a stand-in for kube-apiserver) receives them.
/// Exec plugins are small shell scripts written by the tests; a counter file shows how often they ran.
@Suite struct CredentialTests {
    /// A kubeconfig for `server` whose user is `user` (YAML lines under `user:`).
    func connection(
        _ server: FakeAPIServer,
        user: String,
        in directory: TestDirectory,
        cluster: String = ""
    ) throws -> ClusterConnection {
        let path = try directory.write(
            "kubeconfig",
            """
            current-context: test
            clusters:
            - name: fake
              cluster:
                server: \(server.url)
            \(cluster)
            users:
            - name: tester
              user:
            \(user)
            contexts:
            - name: test
              context: {cluster: fake, user: tester}
            """
        )
        return try KubeConfig.load(explicitPath: path, environment: ProcessInfo.processInfo.environment, home: nil)
            .resolve(context: nil, namespace: nil)
    }

    /// A plugin that counts its runs, records its arguments and KUBERNETES_EXEC_INFO, and answers `tok-N`.
    @discardableResult
    func writePlugin(in directory: TestDirectory, apiVersion: String, expiry: String?) throws -> String {
        let expiryField = expiry.map { #","expirationTimestamp":"\#($0)""# } ?? ""
        return try directory.write(
            "bin/plugin",
            """
            #!/bin/sh
            count=$(cat "$PLUGIN_DIR/count" 2>/dev/null || echo 0)
            count=$((count + 1))
            echo "$count" > "$PLUGIN_DIR/count"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$PLUGIN_DIR/info.json"
            echo "$*" > "$PLUGIN_DIR/args"
            echo "plugin diagnostics go to stderr" >&2
            printf '{"apiVersion":"\(apiVersion)","kind":"ExecCredential",'
            printf '"status":{"token":"tok-%s"\(expiryField)}}' "$count"
            """,
            executable: true
        )
    }

    func execUser(_ directory: TestDirectory, apiVersion: String, mode: String = "Never") -> String {
        [
            "    exec:",
            "      apiVersion: \(apiVersion)",
            "      command: ./bin/plugin",
            "      args: [--audience, kserve]",
            "      interactiveMode: \(mode)",
            "      provideClusterInfo: true",
            "      env:",
            "      - {name: PLUGIN_DIR, value: \"\(directory.path)\"}",
        ].joined(separator: "\n")
    }

    @Test func bearerTokenIsSent() async throws {
        let server = try FakeAPIServer()
        let directory = try TestDirectory()
        try server.configure(#"{"tokens": ["static-token"]}"#)
        let client = try KubeClient(
            connection: try connection(server, user: "    token: static-token", in: directory),
            options: KubeClientOptions(timeout: 30)
        )
        _ = try await client.list(.inferenceService, namespace: nil)
        #expect(try server.log().last?.authorization == "Bearer static-token")
    }

    @Test func tokenFileIsReadForEveryRequest() async throws {
        let server = try FakeAPIServer()
        let directory = try TestDirectory()
        try server.configure(#"{"tokens": ["first", "second"]}"#)
        try directory.write("token", "first\n")
        let client = try KubeClient(
            connection: try connection(server, user: "    tokenFile: token", in: directory),
            options: KubeClientOptions(timeout: 30)
        )
        _ = try await client.list(.inferenceService, namespace: nil)
        try directory.write("token", "second")
        _ = try await client.list(.inferenceService, namespace: nil)
        #expect(try server.log().map(\.authorization) == ["Bearer first", "Bearer second"])
    }

    @Test func impersonationHeadersAreSent() async throws {
        let server = try FakeAPIServer()
        let directory = try TestDirectory()
        let user = [
            "    token: t",
            "    as: jane",
            "    as-uid: \"42\"",
            "    as-groups: [dev, ops]",
            "    as-user-extra: {scopes: [read, write]}",
        ].joined(separator: "\n")
        let client = try KubeClient(
            connection: try connection(server, user: user, in: directory),
            options: KubeClientOptions(timeout: 30)
        )
        _ = try await client.list(.inferenceService, namespace: nil)
        #expect(
            try server.log().last?.impersonation == [
                "Impersonate-User: jane", "Impersonate-Uid: 42", "Impersonate-Group: dev", "Impersonate-Group: ops",
                "Impersonate-Extra-scopes: read", "Impersonate-Extra-scopes: write",
            ]
        )
    }

    @Test func basicCredentialsAreSent() async throws {
        let server = try FakeAPIServer()
        let directory = try TestDirectory()
        try server.configure(#"{"basic": "admin:p@ss"}"#)
        let client = try KubeClient(
            connection: try connection(server, user: "    username: admin\n    password: p@ss", in: directory),
            options: KubeClientOptions(timeout: 30)
        )
        _ = try await client.list(.inferenceService, namespace: nil)
        #expect(try server.log().last?.authorization == "Basic " + Data("admin:p@ss".utf8).base64EncodedString())
    }

    @Test func clientCertificateIsPresented() async throws {
        let certificates = try TestCertificates()
        let server = try FakeAPIServer(tls: certificates)
        let directory = try TestDirectory()
        let connection = try connection(
            server,
            user:
                "    client-certificate: \(certificates.clientCertificate)\n    client-key: \(certificates.clientKey)",
            in: directory,
            cluster: "    certificate-authority: \(certificates.ca)"
        )
        let client = try KubeClient(connection: connection, options: KubeClientOptions(timeout: 30))
        _ = try await client.list(.inferenceService, namespace: nil)
        #expect(try server.log().last?.clientCommonName == "kube-test-client")
    }

    @Test func execV1CredentialIsCachedUntilItExpires() async throws {
        let server = try FakeAPIServer()
        let directory = try TestDirectory()
        try server.configure(#"{"tokens": ["tok-1"]}"#)
        let apiVersion = "client.authentication.k8s.io/v1"
        try writePlugin(in: directory, apiVersion: apiVersion, expiry: "2099-01-01T00:00:00Z")
        let client = try KubeClient(
            connection: try connection(server, user: execUser(directory, apiVersion: apiVersion), in: directory),
            options: KubeClientOptions(timeout: 30)
        )
        _ = try await client.list(.inferenceService, namespace: nil)
        _ = try await client.list(.inferenceService, namespace: nil)
        #expect(try directory.read("count").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        #expect(client.execPluginRuns == 1)
        #expect(try server.log().map(\.authorization) == ["Bearer tok-1", "Bearer tok-1"])
        #expect(try directory.read("args").trimmingCharacters(in: .whitespacesAndNewlines) == "--audience kserve")

        let info = try JSONParser.parse(try directory.read("info.json"))
        #expect(info["apiVersion"]?.stringValue == apiVersion)
        #expect(info["kind"]?.stringValue == "ExecCredential")
        #expect(info["spec"]?["interactive"]?.boolValue == false)
        #expect(info["spec"]?["cluster"]?["server"]?.stringValue == server.url)
    }

    @Test func execV1beta1CredentialIsRefreshedOnceExpired() async throws {
        let server = try FakeAPIServer()
        let directory = try TestDirectory()
        try server.configure(#"{"tokens": ["tok-1", "tok-2"]}"#)
        let apiVersion = "client.authentication.k8s.io/v1beta1"
        try writePlugin(in: directory, apiVersion: apiVersion, expiry: "2000-01-01T00:00:00Z")
        let client = try KubeClient(
            connection: try connection(server, user: execUser(directory, apiVersion: apiVersion), in: directory),
            options: KubeClientOptions(timeout: 30)
        )
        _ = try await client.list(.inferenceService, namespace: nil)
        _ = try await client.list(.inferenceService, namespace: nil)
        #expect(client.execPluginRuns == 2)
        #expect(try server.log().map(\.authorization) == ["Bearer tok-1", "Bearer tok-2"])
    }

    @Test func execPluginRunsAgainOnceAfterA401() async throws {
        let server = try FakeAPIServer()
        let directory = try TestDirectory()
        try server.configure(#"{"tokens": ["tok-2"]}"#)
        let apiVersion = "client.authentication.k8s.io/v1"
        try writePlugin(in: directory, apiVersion: apiVersion, expiry: nil)
        let client = try KubeClient(
            connection: try connection(server, user: execUser(directory, apiVersion: apiVersion), in: directory),
            options: KubeClientOptions(timeout: 30)
        )
        _ = try await client.list(.inferenceService, namespace: nil)
        #expect(client.execPluginRuns == 2)
        _ = try await client.list(.inferenceService, namespace: nil)
        #expect(client.execPluginRuns == 2)
        #expect(try server.log().map(\.authorization) == ["Bearer tok-1", "Bearer tok-2", "Bearer tok-2"])

        // Only once: a credential the server keeps refusing is an auth error.
        try server.configure(#"{"tokens": ["never"]}"#)
        let error = await expectKServeError { _ = try await client.list(.inferenceService, namespace: nil) }
        #expect(error?.code == .auth)
        #expect(client.execPluginRuns == 3)
    }

    @Test func missingPluginShowsTheInstallHintWithoutEscapes() async throws {
        let directory = try TestDirectory()
        let server = try FakeAPIServer()
        let user = [
            "    exec:",
            "      apiVersion: client.authentication.k8s.io/v1",
            "      command: kserve-test-no-such-plugin",
            "      interactiveMode: Never",
            #"      installHint: "\e[1mInstall\e[0m it with: apt install the-plugin""#,
        ].joined(separator: "\n")
        let client = try KubeClient(
            connection: try connection(server, user: user, in: directory),
            options: KubeClientOptions(timeout: 30)
        )
        let error = await expectKServeError { _ = try await client.list(.inferenceService, namespace: nil) }
        #expect(error?.code == .auth)
        #expect(error?.message.contains("kserve-test-no-such-plugin") == true)
        #expect(error?.message.contains("Install it with: apt install the-plugin") == true)
        #expect(error?.message.contains("\u{1B}") == false)
        #expect(try server.log().isEmpty)
    }

    @Test func failingOrMisbehavingPluginsAreAuthErrors() async throws {
        let server = try FakeAPIServer()
        let directory = try TestDirectory()
        let apiVersion = "client.authentication.k8s.io/v1"
        let cases: [(script: String, expected: String)] = [
            ("echo broken >&2; exit 3", "failed with exit code 3"),
            (
                #"echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","#
                    + #""status":{"token":"t"}}'"#,
                "apiVersion"
            ),
            (
                #"echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}}'"#,
                "neither a token"
            ),
            ("echo not json", "did not print an ExecCredential"),
        ]
        for (index, testCase) in cases.enumerated() {
            try directory.write("bin/plugin", "#!/bin/sh\n\(testCase.script)\n", executable: true)
            let client = try KubeClient(
                connection: try connection(server, user: execUser(directory, apiVersion: apiVersion), in: directory),
                options: KubeClientOptions(timeout: 30)
            )
            let error = await expectKServeError { _ = try await client.list(.inferenceService, namespace: nil) }
            #expect(error?.code == .auth, "case \(index)")
            #expect(error?.message.contains(testCase.expected) == true, "case \(index): \(error?.message ?? "")")
        }
    }

    @Test func execPluginClientCertificateIsPresented() async throws {
        let certificates = try TestCertificates()
        let server = try FakeAPIServer(tls: certificates)
        let directory = try TestDirectory()
        let certificate = try String(contentsOfFile: certificates.clientCertificate, encoding: .utf8)
        let key = try String(contentsOfFile: certificates.clientKey, encoding: .utf8)
        let credential = Value.object(
            ValueObject([
                ("apiVersion", .string("client.authentication.k8s.io/v1")),
                ("kind", .string("ExecCredential")),
                (
                    "status",
                    .object(
                        ValueObject([("clientCertificateData", .string(certificate)), ("clientKeyData", .string(key))])
                    )
                ),
            ])
        )
        try directory.write("credential.json", JSONWriter.string(credential))
        try directory.write("bin/plugin", "#!/bin/sh\ncat \"$PLUGIN_DIR/credential.json\"\n", executable: true)
        let connection = try connection(
            server,
            user: execUser(directory, apiVersion: "client.authentication.k8s.io/v1"),
            in: directory,
            cluster: "    certificate-authority: \(certificates.ca)"
        )
        let client = try KubeClient(connection: connection, options: KubeClientOptions(timeout: 30))
        _ = try await client.list(.inferenceService, namespace: nil)
        #expect(try server.log().last?.clientCommonName == "kube-test-client")
    }

    @Test func credentialsNeverAppearInTracesOrErrors() async throws {
        let server = try FakeAPIServer()
        let directory = try TestDirectory()
        try server.configure(#"{"tokens": ["other"]}"#)
        let trace = LineRecorder()
        var options = KubeClientOptions(timeout: 30, traceLevel: .bodies)
        options.traceSink = trace.sink
        let client = try KubeClient(
            connection: try connection(server, user: "    token: super-secret-token-value", in: directory),
            options: options
        )
        let error = await expectKServeError { _ = try await client.list(.inferenceService, namespace: nil) }
        #expect(error?.code == .auth)
        #expect(!trace.lines.isEmpty)
        #expect(trace.lines.contains { $0.contains("Authorization") })
        #expect(!trace.lines.contains { $0.contains("super-secret-token-value") })
        #expect(error?.detailedDescription().contains("super-secret-token-value") == false)
        #expect(!"\(client.connection.credentials)".contains("super-secret-token-value"))
    }
}
