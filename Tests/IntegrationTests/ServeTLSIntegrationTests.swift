import Core
import Foundation
import Testing

/// `kserve serve --tls --token`: the real kubectl and curl trust the generated CA through what the server writes.
@Suite("kserve serve over TLS")
struct ServeTLSIntegrationTests {
    static let token = "tls-test-token"

    /// kubectl with `kubeconfig` and a private discovery cache.
    static func kubectl(_ kubeconfig: String, cache: String, _ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            try TestPaths.executable("kubectl"),
            ["--kubeconfig", kubeconfig, "--cache-dir", cache] + arguments,
            timeout: 60
        )
    }

    static func curl(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(try TestPaths.executable("curl"), ["-sS", "--max-time", "10"] + arguments, timeout: 30)
    }

    @Test func kubectlAndCurlTrustTheGeneratedCAAndTheTokenIsChecked() throws {
        let state = try ControlPlaneServer.temporaryStateDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let server = try ControlPlaneServer(stateDirectory: state, arguments: ["--tls", "--token", Self.token])
        defer { server.stop() }
        let context = "server log:\n\(server.stderr)"
        #expect(server.url.hasPrefix("https://127.0.0.1:"), "\(context)")
        let kubeconfigText = try String(contentsOfFile: server.kubeconfig, encoding: .utf8)
        let kubeconfig = try YAMLParser.parse(kubeconfigText)
        let cluster = kubeconfig["clusters"]?[0]?["cluster"]
        #expect(cluster?["server"]?.stringValue == server.url)
        let caFile = state + "/tls/ca.crt"
        let authority = try Data(contentsOf: URL(fileURLWithPath: caFile))
        #expect(Data(base64Encoded: cluster?["certificate-authority-data"]?.stringValue ?? "") == authority)
        #expect(kubeconfig["users"]?[0]?["user"]?["token"]?.stringValue == Self.token)

        let cache = state + "/kubectl-cache"
        let created = try ProcessRunner.run(
            try TestPaths.executable("kubectl"),
            ["--kubeconfig", server.kubeconfig, "--cache-dir", cache, "apply", "-f", "-"],
            stdin: KubectlIntegrationTests.manifest("iris")
        )
        #expect(created.status == 0, "\(created.stderr)\n\(context)")
        let listed = try Self.kubectl(server.kubeconfig, cache: cache, ["get", "isvc"])
        #expect(listed.status == 0, "\(listed.stderr)\n\(context)")
        #expect(listed.stdout.split(separator: "\n").contains { $0.hasPrefix("iris ") }, "\(listed.stdout)")

        let wrongPath = state + "/wrong-kubeconfig"
        try kubeconfigText.replacingOccurrences(of: Self.token, with: "not-the-token")
            .write(toFile: wrongPath, atomically: true, encoding: .utf8)
        let refused = try Self.kubectl(wrongPath, cache: state + "/kubectl-cache-wrong", ["get", "isvc"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("You must be logged in to the server"), "\(refused.stderr)")

        let bearer = ["-H", "Authorization: Bearer \(Self.token)"]
        let trusted = try Self.curl(
            ["--cacert", caFile, "-o", "/dev/null", "-w", "%{http_code}"] + bearer + [
                server.url + "/v2"
            ]
        )
        #expect(trusted.status == 0 && trusted.stdout == "200", "\(trusted.stdout) \(trusted.stderr)")
        let untrusted = try Self.curl(bearer + [server.url + "/v2"])
        #expect(untrusted.status == 60, "curl without the CA: \(untrusted.status) \(untrusted.stderr)")
        let plain = try Self.curl(bearer + [server.url.replacingOccurrences(of: "https://", with: "http://") + "/v2"])
        #expect(plain.status != 0, "plain HTTP to the TLS port: \(plain.stdout)")
    }

    @Test func theCertificateIsReusedAcrossRestarts() throws {
        let state = try ControlPlaneServer.temporaryStateDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let first = try ControlPlaneServer(stateDirectory: state, arguments: ["--tls", "--token", Self.token])
        let firstKubeconfig = try String(contentsOfFile: first.kubeconfig, encoding: .utf8)
        #expect(first.stop() == 0, "\(first.stderr)")
        let certificate = try Data(contentsOf: URL(fileURLWithPath: state + "/tls/server.crt"))
        let authority = try Data(contentsOf: URL(fileURLWithPath: state + "/tls/ca.crt"))

        let second = try ControlPlaneServer(stateDirectory: state, arguments: ["--tls", "--token", Self.token])
        defer { second.stop() }
        #expect(second.stderr.contains("reusing the server certificate"), "\(second.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: state + "/tls/server.crt")) == certificate)
        #expect(try Data(contentsOf: URL(fileURLWithPath: state + "/tls/ca.crt")) == authority)
        let secondKubeconfig = try YAMLParser.parse(try String(contentsOfFile: second.kubeconfig, encoding: .utf8))
        let firstCA = try YAMLParser.parse(firstKubeconfig)["clusters"]?[0]?["cluster"]?["certificate-authority-data"]
        #expect(firstCA != nil)
        #expect(secondKubeconfig["clusters"]?[0]?["cluster"]?["certificate-authority-data"] == firstCA)
        let listed = try Self.kubectl(second.kubeconfig, cache: state + "/kubectl-cache", ["get", "isvc"])
        #expect(listed.status == 0, "\(listed.stderr)")
    }

    @Test func badCertificateOptionsAreClearErrors() throws {
        let missing = "/nonexistent/kserve-tls-test/server.crt"
        let absent = try ProcessRunner.kserve([
            "serve", "--port", "0", "--ephemeral", "--tls-cert", missing, "--tls-key", "/nonexistent/server.key",
        ])
        #expect(absent.status == 1, "\(absent.stderr)")
        #expect(absent.stderr.contains("--tls-cert") && absent.stderr.contains(missing), "\(absent.stderr)")

        let alone = try ProcessRunner.kserve(["serve", "--port", "0", "--ephemeral", "--tls-cert", missing])
        #expect(alone.status == 2, "\(alone.stderr)")
        #expect(alone.stderr.contains("--tls-cert needs --tls-key"), "\(alone.stderr)")
    }
}
