import Foundation
import Testing

/// `kserve deploy / models / predict / scale / delete` run as a user would, against the control plane of a real
/// `kserve serve` through the kubeconfig it writes.
@Suite(.serialized) struct ClusterCommandsIntegrationTests {
    static func start(_ arguments: [String] = []) throws -> ControlPlaneServer {
        try ControlPlaneServer(stateDirectory: try ControlPlaneServer.temporaryStateDirectory(), arguments: arguments)
    }

    static func kserve(
        _ server: ControlPlaneServer,
        _ arguments: [String],
        stdin: String? = nil
    ) throws
        -> ProcessResult
    {
        try ProcessRunner.kserve(["--kubeconfig", server.kubeconfig] + arguments, stdin: stdin)
    }

    static func example(_ name: String) -> String {
        TestPaths.packageRoot.appendingPathComponent("examples/\(name)").path
    }

    static func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], "expected a JSON object: \(text)")
    }

    /// The same commands against `kserve serve --tls --token`: the kubeconfig it writes carries the CA and the
    /// token, and predict by name reaches the data plane over HTTPS with them.
    @Test func theWholeStoryOverTLSWithAToken() throws {
        let server = try Self.start(["--tls", "--token", "cluster-tls-token"])
        defer { server.stop() }
        #expect(server.url.hasPrefix("https://"))
        let deploy = try Self.kserve(server, ["deploy", Self.example("iris.yaml"), "--timeout", "60s"])
        #expect(deploy.status == 0, "deploy: \(deploy.stderr)\nserver: \(server.stderr)")
        let table = try Self.kserve(server, ["models", "-o", "name"])
        #expect(table.status == 0 && table.stdout.contains("iris"), "\(table.stderr)")
        let byName = try Self.kserve(server, ["predict", "--model", "iris", "--input", Self.example("iris-v1.json")])
        #expect(byName.status == 0, "predict by name: \(byName.stderr)")
        let predictions = try #require(try Self.json(byName.stdout)["predictions"] as? [Any])
        #expect(predictions.count == 3)
        let scale = try Self.kserve(server, ["scale", "iris", "--min", "2", "--timeout", "60s"])
        #expect(scale.status == 0, "scale: \(scale.stderr)")
        let delete = try Self.kserve(server, ["delete", "iris", "--timeout", "60s"])
        #expect(delete.status == 0, "delete: \(delete.stderr)")
        // Without the token the API refuses: exit 4.
        let kubeconfig = try String(contentsOfFile: server.kubeconfig, encoding: .utf8)
        let wrong = server.kubeconfig + ".wrong"
        try kubeconfig.replacingOccurrences(of: "cluster-tls-token", with: "not-the-token")
            .write(toFile: wrong, atomically: true, encoding: .utf8)
        let refused = try ProcessRunner.kserve(["--kubeconfig", wrong, "models"])
        #expect(refused.status == 4, "\(refused.stderr)")
    }

    @Test func deployListPredictScaleDelete() throws {
        let server = try Self.start()
        defer { server.stop() }

        let deploy = try Self.kserve(server, ["deploy", Self.example("iris.yaml"), "--timeout", "60s"])
        #expect(deploy.status == 0, "deploy: \(deploy.stderr)\nserver: \(server.stderr)")
        #expect(deploy.stdout == "http://iris.default.example.com\n")
        #expect(deploy.stderr.contains("inferenceservice/iris is Ready"))

        let table = try Self.kserve(server, ["models"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n")
        #expect(
            lines.first?.split(separator: " ").map(String.init) == [
                "NAME", "READY", "URL", "FORMAT", "RUNTIME", "MIN/MAX", "AGE",
            ]
        )
        let row = try #require(lines.dropFirst().first).split(separator: " ").map(String.init)
        #expect(Array(row.prefix(4)) == ["iris", "True", "http://iris.default.example.com", "xgboost"])

        let listed = try Self.json(try Self.kserve(server, ["models", "-o", "json"]).stdout)
        let items = try #require(listed["items"] as? [[String: Any]])
        #expect(items.count == 1)
        let metadata = try #require(items.first?["metadata"] as? [String: Any])
        #expect(metadata["name"] as? String == "iris")

        let described = try Self.kserve(server, ["models", "iris"])
        #expect(described.status == 0)
        #expect(described.stdout.contains("PredictorReady") && described.stdout.contains("Components:"))

        // By name (resolved through status.url and the Host header) and straight at the server: the same answer.
        let byName = try Self.kserve(server, ["predict", "--model", "iris", "--input", Self.example("iris-v1.json")])
        #expect(byName.status == 0, "predict by name: \(byName.stderr)")
        let direct = try ProcessRunner.kserve([
            "predict", "--url", server.url, "--model", "iris", "--input", Self.example("iris-v1.json"),
        ])
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(byName.stdout == direct.stdout)
        let predictions = try #require(try Self.json(byName.stdout)["predictions"] as? [Any])
        #expect(predictions.count == 3)

        let scale = try Self.kserve(server, ["scale", "iris", "--min", "2", "--max", "4", "--timeout", "60s"])
        #expect(scale.status == 0, "scale: \(scale.stderr)")
        let scaled = try Self.json(try Self.kserve(server, ["models", "iris", "-o", "json"]).stdout)
        let predictor = try #require((scaled["spec"] as? [String: Any])?["predictor"] as? [String: Any])
        #expect(predictor["minReplicas"] as? Int == 2 && predictor["maxReplicas"] as? Int == 4)

        let delete = try Self.kserve(server, ["delete", "iris", "--timeout", "60s"])
        #expect(delete.status == 0, "delete: \(delete.stderr)")
        let after = try Self.kserve(server, ["models", "-o", "name"])
        #expect(after.status == 0 && after.stdout.isEmpty)
        let missing = try Self.kserve(server, ["delete", "iris"])
        #expect(missing.status == 5, "\(missing.stderr)")
    }

    @Test func aModelThatFailsToLoadEndsTheWaitWithExitSeven() throws {
        let server = try Self.start()
        defer { server.stop() }
        let manifest = TestManifests.inferenceService(name: "broken", storageUri: "/nonexistent/kserve-test-model")
        let result = try Self.kserve(server, ["deploy", "-f", "-", "--timeout", "60s"], stdin: manifest)
        #expect(result.status == 7, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("inferenceservice/broken failed"))
        #expect(result.stderr.contains("/nonexistent/kserve-test-model"))
    }

    /// The loader names file:line:column of the offending key, the document and the field.
    @Test func anUnknownKindNamesFileLineAndDocument() throws {
        let server = try Self.start()
        defer { server.stop() }
        let file = try TestPaths.temporaryFile(
            "unknown-kind.yaml",
            contents: "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceServise\nmetadata:\n  name: x\n"
        )
        let result = try Self.kserve(server, ["deploy", file.path])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("\(file.path):2:1: document 1"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("InferenceServise"))
    }

    @Test func aNamespaceThatContradictsTheFlagIsAUsageError() throws {
        let server = try Self.start()
        defer { server.stop() }
        let manifest = """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata: {name: iris, namespace: team-b}
            spec: {predictor: {model: {modelFormat: {name: xgboost}, storageUri: /m}}}
            """
        let result = try Self.kserve(server, ["deploy", "-n", "team-a", "-f", "-", "--no-wait"], stdin: manifest)
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("team-b") && result.stderr.contains("-n team-a"))
        let listed = try Self.kserve(server, ["models", "-A", "-o", "name"])
        #expect(listed.status == 0 && listed.stdout.isEmpty)
    }

    @Test func anExecCredentialPluginAuthenticates() throws {
        let token = "exec-\(UUID().uuidString)"
        let server = try Self.start(["--token", token])
        defer { server.stop() }
        let plugin = TestPaths.peersDirectory.appendingPathComponent("exec_plugin.py").path
        guard FileManager.default.isExecutableFile(atPath: TestPaths.python) else {
            Issue.record("no Python at \(TestPaths.python): run scripts/setup.sh")
            return
        }
        func kubeconfig(_ token: String) -> String {
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: local
              cluster: {server: "\(server.url)"}
            users:
            - name: plugin
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: \(TestPaths.python)
                  args: ["\(plugin)", "\(token)"]
                  interactiveMode: Never
            contexts:
            - name: local
              context: {cluster: local, user: plugin, namespace: default}
            current-context: local
            """
        }
        let good = try TestPaths.temporaryFile("exec-good.kubeconfig", contents: kubeconfig(token))
        let listed = try ProcessRunner.kserve(["--kubeconfig", good.path, "models"])
        #expect(listed.status == 0, "stderr: \(listed.stderr)")
        #expect(listed.stderr.contains("No InferenceServices found in namespace default"))
        #expect(!listed.stderr.contains(token))

        let bad = try TestPaths.temporaryFile("exec-bad.kubeconfig", contents: kubeconfig("wrong-token"))
        let refused = try ProcessRunner.kserve(["--kubeconfig", bad.path, "models"])
        #expect(refused.status == 4, "stderr: \(refused.stderr)")
    }

    @Test func withoutAnyKubeconfigTheLocalServerIsTheTarget() throws {
        let state = try ControlPlaneServer.temporaryStateDirectory()
        let xdg = URL(fileURLWithPath: state).deletingLastPathComponent().appendingPathComponent(
            "xdg-\(UUID().uuidString)"
        )
        let stateDirectory = xdg.appendingPathComponent("kserve").path
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        let server = try ControlPlaneServer(stateDirectory: stateDirectory)
        defer { server.stop() }
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = xdg.path
        environment["HOME"] = xdg.path  // no ~/.kube/config there
        environment["KUBECONFIG"] = nil
        let result = try ProcessRunner.kserve(["models", "-v"], environment: environment)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("using context kserve-local"))
        let forced = try ProcessRunner.kserve(
            ["--local", "--kubeconfig", "/nonexistent/config", "models", "-v"],
            environment: environment
        )
        #expect(forced.status == 0, "stderr: \(forced.stderr)")
        // --local wins over --kubeconfig: the local server's own kubeconfig, never the file named.
        #expect(forced.stderr.contains("using context kserve-local"), "stderr: \(forced.stderr)")
        #expect(!forced.stderr.contains("/nonexistent/config"), "stderr: \(forced.stderr)")
    }

    @Test func aClusterWithoutKServeIsNotFound() throws {
        let port = PeerServer.freePort()
        let empty = try ControlPlaneServer.temporaryStateDirectory()
        let plain = Process()
        plain.executableURL = URL(fileURLWithPath: TestPaths.python)
        plain.arguments = ["-m", "http.server", "--bind", "127.0.0.1", "--directory", empty, String(port)]
        plain.standardOutput = FileHandle.nullDevice
        plain.standardError = FileHandle.nullDevice
        try plain.run()
        defer {
            // SIGKILL: a child of the test runner may inherit SIGTERM blocked.
            kill(plain.processIdentifier, SIGKILL)
            plain.waitUntilExit()
        }
        let kubeconfig = try TestPaths.temporaryFile(
            "plain-http.kubeconfig",
            contents: """
                apiVersion: v1
                kind: Config
                clusters: [{name: plain, cluster: {server: "http://127.0.0.1:\(port)"}}]
                users: [{name: plain, user: {}}]
                contexts: [{name: plain, context: {cluster: plain, user: plain}}]
                current-context: plain
                """
        )
        var result = try ProcessRunner.kserve(["--kubeconfig", kubeconfig.path, "models"])
        for _ in 0..<50 where result.status != 5 {
            Thread.sleep(forTimeInterval: 0.1)  // the Python server may still be starting
            result = try ProcessRunner.kserve(["--kubeconfig", kubeconfig.path, "models"])
        }
        #expect(result.status == 5, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("KServe is not installed in this cluster"))
    }

    @Test func watchPrintsChanges() throws {
        let server = try Self.start()
        defer { server.stop() }
        let watcher = Process()
        watcher.executableURL = TestPaths.kserveBinary
        watcher.arguments = ["--kubeconfig", server.kubeconfig, "models", "--watch", "-o", "name"]
        let output = Pipe()
        watcher.standardOutput = output
        watcher.standardError = FileHandle.nullDevice
        try watcher.run()
        Thread.sleep(forTimeInterval: 0.5)
        let manifest = """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata: {name: watched}
            spec: {predictor: {model: {modelFormat: {name: xgboost}, storageUri: /nonexistent/m}}}
            """
        let deploy = try Self.kserve(server, ["deploy", "-f", "-", "--no-wait"], stdin: manifest)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        Thread.sleep(forTimeInterval: 1)
        kill(watcher.processIdentifier, SIGKILL)
        watcher.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(printed.split(separator: "\n").contains("inferenceservice/watched"), "watch printed: \(printed)")
    }
}
