import Core
import Foundation
import Testing

/// `storageUri: http(s)://...` in `kserve serve`: the model is downloaded (redirects followed) before it loads, and
/// a URI that does not answer with a file fails the deploy with the server's answer, as KServe's storage
/// initializer would. The file server is Python's standard http.server (Peers/storage_server.py).
@Suite(.serialized) struct StorageDownloadIntegrationTests {
    /// iris (XGBoost, V1) from `uri`.
    static func iris(_ uri: String) -> String {
        TestManifests.inferenceService(name: "iris-remote", storageUri: uri, protocolVersion: "v1")
    }

    /// `kserve predict` of examples/iris-v1.json against iris-remote.
    static func predictIris(_ server: ControlPlaneServer) throws -> ProcessResult {
        let input = ClusterCommandsIntegrationTests.example("iris-v1.json")
        return try ClusterCommandsIntegrationTests.kserve(
            server,
            ["predict", "--model", "iris-remote", "--input", input]
        )
    }

    /// Peers/storage_server.py serving examples/models.
    static func fileServer() throws -> ScriptPeer {
        let models = TestPaths.packageRoot.appendingPathComponent("examples/models").path
        return try ScriptPeer(script: "storage_server.py", arguments: [models], readyPath: "/iris/model.json")
    }

    /// `kserve deploy -f -` of one manifest, waiting for Ready.
    static func deploy(_ server: ControlPlaneServer, _ manifest: String) throws -> ProcessResult {
        try ClusterCommandsIntegrationTests.kserve(server, ["deploy", "-f", "-", "--timeout", "60s"], stdin: manifest)
    }

    @Test func modelsDownloadOverHTTPAndThroughARedirect() throws {
        let files = try Self.fileServer()
        let server = try ClusterCommandsIntegrationTests.start()
        defer { server.stop() }

        let deploy = try Self.deploy(server, Self.iris(files.url + "/iris/model.json"))
        #expect(deploy.status == 0, "deploy: \(deploy.stderr)\nserver: \(server.stderr)")
        let predict = try Self.predictIris(server)
        #expect(predict.status == 0, "predict: \(predict.stderr)")
        let predictions = try #require(
            try ClusterCommandsIntegrationTests.json(predict.stdout)["predictions"] as? [Any]
        )
        #expect(predictions.count == 3)

        let diabetes = TestManifests.inferenceService(
            name: "diabetes-remote",
            format: "lightgbm",
            storageUri: files.url + "/redirect/diabetes/model.txt",
            protocolVersion: "v2"
        )
        let redirected = try Self.deploy(server, diabetes)
        #expect(redirected.status == 0, "deploy through a redirect: \(redirected.stderr)\nserver: \(server.stderr)")
        let input = ClusterCommandsIntegrationTests.example("diabetes-v2.json")
        let answer = try ClusterCommandsIntegrationTests.kserve(
            server,
            ["predict", "--model", "diabetes-remote", "--input", input]
        )
        #expect(answer.status == 0, "predict: \(answer.stderr)")
        let outputs = try #require(
            try ClusterCommandsIntegrationTests.json(answer.stdout)["outputs"] as? [[String: Any]]
        )
        #expect(outputs.first?["shape"] as? [Int] == [2], "\(answer.stdout)")
    }

    /// A restart re-downloads, as a restarted pod does; when the file server is gone by then, the complete earlier
    /// download is served (and the log says so) instead of failing a model that worked.
    @Test func aRestartWithoutTheFileServerServesTheEarlierDownload() throws {
        let files = try Self.fileServer()
        let first = try ClusterCommandsIntegrationTests.start()
        let manifest = Self.iris(files.url + "/iris/model.json")
        let deploy = try Self.deploy(first, manifest)
        #expect(deploy.status == 0, "deploy: \(deploy.stderr)\nserver: \(first.stderr)")
        let before = try Self.predictIris(first)
        #expect(before.status == 0, "predict: \(before.stderr)")
        first.stop()
        files.stop()

        let second = try ControlPlaneServer(stateDirectory: first.stateDirectory)
        defer { second.stop() }
        let again = try Self.deploy(second, manifest)
        #expect(again.status == 0, "deploy after restart: \(again.stderr)\nserver: \(second.stderr)")
        #expect(second.stderr.contains("serving the copy downloaded before"), "server: \(second.stderr)")
        let predict = try Self.predictIris(second)
        #expect(predict.status == 0, "predict: \(predict.stderr)")
        // The same model file, so the same answer as before the restart.
        #expect(predict.stdout == before.stdout && !before.stdout.isEmpty, "\(predict.stdout) vs \(before.stdout)")
    }

    @Test func aMissingRemoteModelFailsTheDeployWithTheServersAnswer() throws {
        let files = try Self.fileServer()
        let server = try ClusterCommandsIntegrationTests.start()
        defer { server.stop() }
        let manifest = TestManifests.inferenceService(
            name: "missing-remote",
            storageUri: files.url + "/no-such-model/model.json",
            protocolVersion: "v1"
        )
        let deploy = try Self.deploy(server, manifest)
        #expect(deploy.status == 7, "deploy: \(deploy.stderr)")
        #expect(deploy.stderr.contains("404"), "deploy: \(deploy.stderr)")
        #expect(deploy.stderr.contains("no-such-model/model.json"), "deploy: \(deploy.stderr)")
    }
}
