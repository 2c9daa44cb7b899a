import Core
import Foundation
import Testing

/// The real kubectl against `kserve serve`'s control plane, through the kubeconfig the server writes.
@Suite("kubectl against kserve serve")
struct KubectlIntegrationTests {
    static let irisModel = TestPaths.packageRoot.appendingPathComponent("examples/models/iris/model.json").path

    static func manifest(_ name: String, minReplicas: Int = 1) -> String {
        TestManifests.inferenceService(name: name, storageUri: "file://\(irisModel)", minReplicas: minReplicas)
    }

    /// Runs kubectl with the server's kubeconfig and a private discovery cache.
    struct Kubectl {
        let kubeconfig: String
        let cache: String

        init(_ server: ControlPlaneServer) {
            kubeconfig = server.kubeconfig
            cache = server.stateDirectory + "/kubectl-cache"
        }

        var prefix: [String] { ["--kubeconfig", kubeconfig, "--cache-dir", cache] }

        func run(_ arguments: [String], stdin: String? = nil) throws -> ProcessResult {
            try ProcessRunner.run(try TestPaths.executable("kubectl"), prefix + arguments, stdin: stdin, timeout: 60)
        }
    }

    @Test func applyGetPatchWaitWatchDelete() throws {
        let state = try ControlPlaneServer.temporaryStateDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let server = try ControlPlaneServer(stateDirectory: state)
        let kubectl = Kubectl(server)
        let context = "server log:\n\(server.stderr)"

        let created = try kubectl.run(["apply", "-f", "-"], stdin: Self.manifest("iris"))
        #expect(created.status == 0, "\(created.stderr)\n\(context)")
        #expect(created.stdout.contains("inferenceservice.serving.kserve.io/iris created"))
        let unchanged = try kubectl.run(["apply", "-f", "-"], stdin: Self.manifest("iris"))
        #expect(unchanged.stdout.contains("iris unchanged"), "\(unchanged.stdout)\(unchanged.stderr)")
        let configured = try kubectl.run(["apply", "-f", "-"], stdin: Self.manifest("iris", minReplicas: 2))
        #expect(configured.stdout.contains("iris configured"), "\(configured.stdout)\(configured.stderr)")

        let serverSide = try kubectl.run(["apply", "--server-side", "-f", "-"], stdin: Self.manifest("wine"))
        #expect(serverSide.status == 0, "\(serverSide.stderr)\n\(context)")
        #expect(serverSide.stdout.contains("inferenceservice.serving.kserve.io/wine serverside-applied"))

        let table = try kubectl.run(["get", "isvc"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.split(separator: " ").filter { !$0.isEmpty }.prefix(3) == ["NAME", "URL", "READY"])
        #expect(lines.contains { $0.hasPrefix("iris ") } && lines.contains { $0.hasPrefix("wine ") })

        let yaml = try kubectl.run(["get", "isvc", "iris", "-o", "yaml"])
        #expect(yaml.status == 0, "\(yaml.stderr)")
        let object = try YAMLParser.parse(yaml.stdout)
        #expect(object["metadata"]?["name"] == "iris")
        #expect(object["spec"]?["predictor"]?["minReplicas"] == 2)
        #expect(object["metadata"]?["annotations"]?["kubectl.kubernetes.io/last-applied-configuration"] != nil)

        let patched = try kubectl.run([
            "patch", "isvc", "iris", "--type", "merge", "-p", #"{"spec":{"predictor":{"minReplicas":3}}}"#,
        ])
        #expect(patched.status == 0, "\(patched.stderr)")
        #expect(patched.stdout.contains("iris patched"))
        let value = try kubectl.run(["get", "isvc", "iris", "-o", "jsonpath={.spec.predictor.minReplicas}"])
        #expect(value.stdout == "3")

        // `get -w` prints the change made while it watches.
        let watcher = Process()
        watcher.executableURL = URL(fileURLWithPath: try TestPaths.executable("kubectl"))
        watcher.arguments =
            kubectl.prefix + ["get", "isvc", "iris", "-w", "-o", "jsonpath={.spec.predictor.maxReplicas}{\"\\n\"}"]
        let output = Pipe()
        watcher.standardOutput = output
        watcher.standardError = FileHandle.nullDevice
        try watcher.run()
        let seen = LockedText()
        Thread.detachNewThread {
            while true {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                seen.append(String(decoding: data, as: UTF8.self))
            }
        }
        Thread.sleep(forTimeInterval: 1)
        _ = try kubectl.run([
            "patch", "isvc", "iris", "--type", "merge", "-p", #"{"spec":{"predictor":{"maxReplicas":7}}}"#,
        ])
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, !seen.text.contains("7") { Thread.sleep(forTimeInterval: 0.1) }
        watcher.terminate()
        watcher.waitUntilExit()
        #expect(seen.text.contains("7"), "watch output: \(seen.text)")

        // Ready comes from the reconciler when one runs; the status subresource sets it here either way.
        let generation = try kubectl.run(["get", "isvc", "iris", "-o", "jsonpath={.metadata.generation}"]).stdout
        #expect(generation == "4")
        let status =
            #"{"status":{"observedGeneration":"# + generation
            + #","url":"http://iris.default.example.com","conditions":[{"type":"Ready","status":"True"}]}}"#
        let ready = try kubectl.run(["patch", "isvc", "iris", "--subresource=status", "--type", "merge", "-p", status])
        #expect(ready.status == 0, "\(ready.stderr)")
        let waited = try kubectl.run(["wait", "--for=condition=Ready", "isvc/iris", "--timeout=20s"])
        #expect(waited.status == 0, "\(waited.stderr)\n\(context)")
        #expect(waited.stdout.contains("condition met"))

        let deleted = try kubectl.run(["delete", "isvc", "iris", "wine"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("\"iris\" deleted"))
        let missing = try kubectl.run(["get", "isvc", "iris"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("NotFound") || missing.stderr.contains("not found"))
        #expect(server.stop() == 0)
    }

    @Test func invalidManifestAndConflictingApplyAreReported() throws {
        let state = try ControlPlaneServer.temporaryStateDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let server = try ControlPlaneServer(stateDirectory: state)
        let kubectl = Kubectl(server)
        let invalid = try kubectl.run(
            ["apply", "-f", "-"],
            stdin: Self.manifest("iris").replacingOccurrences(of: "name: xgboost", with: "version: \"2\"")
        )
        #expect(invalid.status != 0)
        #expect(
            invalid.stderr.contains(
                "The InferenceService \"iris\" is invalid: spec.predictor.model.modelFormat.name: Required value"
            ),
            "\(invalid.stderr)"
        )

        _ = try kubectl.run(["apply", "--server-side", "-f", "-"], stdin: Self.manifest("iris"))
        let other = try kubectl.run(
            ["apply", "--server-side", "--field-manager", "other", "-f", "-"],
            stdin: Self.manifest("iris", minReplicas: 4)
        )
        #expect(other.status != 0)
        #expect(other.stderr.contains("conflict"), "\(other.stderr)")
        #expect(other.stderr.contains(".spec.predictor.minReplicas"), "\(other.stderr)")
        let forced = try kubectl.run(
            ["apply", "--server-side", "--field-manager", "other", "--force-conflicts", "-f", "-"],
            stdin: Self.manifest("iris", minReplicas: 4)
        )
        #expect(forced.status == 0, "\(forced.stderr)")
    }
}
