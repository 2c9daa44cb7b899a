import Foundation
import Testing
import Transport

/// `storageUri: http(s)://...` in `kserve serve`: the model is downloaded (redirects followed) before it loads, and
/// a URI that does not answer with a file fails the deploy with the server's answer, as KServe's storage
/// initializer would. The file server is Python's standard http.server (Peers/storage_server.py).
@Suite(.serialized) struct StorageDownloadIntegrationTests {
    static func manifest(name: String, format: String, protocolVersion: String, uri: String) -> String {
        """
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: \(name)
        spec:
          predictor:
            model:
              modelFormat: {name: \(format)}
              protocolVersion: \(protocolVersion)
              storageUri: \(uri)
        """
    }

    @Test func modelsDownloadOverHTTPAndThroughARedirect() throws {
        let files = try StorageServer(directory: TestPaths.packageRoot.appendingPathComponent("examples/models").path)
        let server = try ClusterCommandsIntegrationTests.start()
        defer { server.stop() }

        let iris = Self.manifest(
            name: "iris-remote",
            format: "xgboost",
            protocolVersion: "v1",
            uri: files.url + "/iris/model.json"
        )
        let deploy = try ClusterCommandsIntegrationTests.kserve(
            server,
            ["deploy", "-f", "-", "--timeout", "60s"],
            stdin: iris
        )
        #expect(deploy.status == 0, "deploy: \(deploy.stderr)\nserver: \(server.stderr)")
        let input = ClusterCommandsIntegrationTests.example("iris-v1.json")
        let predict = try ClusterCommandsIntegrationTests.kserve(
            server,
            ["predict", "--model", "iris-remote", "--input", input]
        )
        #expect(predict.status == 0, "predict: \(predict.stderr)")
        let predictions = try #require(
            try ClusterCommandsIntegrationTests.json(predict.stdout)["predictions"] as? [Any]
        )
        #expect(predictions.count == 3)

        let diabetes = Self.manifest(
            name: "diabetes-remote",
            format: "lightgbm",
            protocolVersion: "v2",
            uri: files.url + "/redirect/diabetes/model.txt"
        )
        let redirected = try ClusterCommandsIntegrationTests.kserve(
            server,
            ["deploy", "-f", "-", "--timeout", "60s"],
            stdin: diabetes
        )
        #expect(redirected.status == 0, "deploy through a redirect: \(redirected.stderr)\nserver: \(server.stderr)")
    }

    /// A restart re-downloads, as a restarted pod does; when the file server is gone by then, the complete earlier
    /// download is served (and the log says so) instead of failing a model that worked.
    @Test func aRestartWithoutTheFileServerServesTheEarlierDownload() throws {
        let files = try StorageServer(directory: TestPaths.packageRoot.appendingPathComponent("examples/models").path)
        let first = try ClusterCommandsIntegrationTests.start()
        let manifest = Self.manifest(
            name: "iris-remote",
            format: "xgboost",
            protocolVersion: "v1",
            uri: files.url + "/iris/model.json"
        )
        let deploy = try ClusterCommandsIntegrationTests.kserve(
            first,
            ["deploy", "-f", "-", "--timeout", "60s"],
            stdin: manifest
        )
        #expect(deploy.status == 0, "deploy: \(deploy.stderr)\nserver: \(first.stderr)")
        first.stop()
        files.stop()

        let second = try ControlPlaneServer(stateDirectory: first.stateDirectory)
        defer { second.stop() }
        let again = try ClusterCommandsIntegrationTests.kserve(
            second,
            ["deploy", "-f", "-", "--timeout", "60s"],
            stdin: manifest
        )
        #expect(again.status == 0, "deploy after restart: \(again.stderr)\nserver: \(second.stderr)")
        #expect(second.stderr.contains("serving the copy downloaded before"), "server: \(second.stderr)")
        let input = ClusterCommandsIntegrationTests.example("iris-v1.json")
        let predict = try ClusterCommandsIntegrationTests.kserve(
            second,
            ["predict", "--model", "iris-remote", "--input", input]
        )
        #expect(predict.status == 0, "predict: \(predict.stderr)")
    }

    @Test func aMissingRemoteModelFailsTheDeployWithTheServersAnswer() throws {
        let files = try StorageServer(directory: TestPaths.packageRoot.appendingPathComponent("examples/models").path)
        let server = try ClusterCommandsIntegrationTests.start()
        defer { server.stop() }
        let manifest = Self.manifest(
            name: "missing-remote",
            format: "xgboost",
            protocolVersion: "v1",
            uri: files.url + "/no-such-model/model.json"
        )
        let deploy = try ClusterCommandsIntegrationTests.kserve(
            server,
            ["deploy", "-f", "-", "--timeout", "60s"],
            stdin: manifest
        )
        #expect(deploy.status == 7, "deploy: \(deploy.stderr)")
        #expect(deploy.stderr.contains("404"), "deploy: \(deploy.stderr)")
        #expect(deploy.stderr.contains("no-such-model/model.json"), "deploy: \(deploy.stderr)")
    }
}

/// Peers/storage_server.py on a free loopback port, serving a directory; ends with the test process.
final class StorageServer: Sendable {
    let url: String
    private let process: Process

    init(directory: String) throws {
        let python = TestPaths.python
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw PeerServer.PeerError(description: "no Python at \(python): run scripts/setup.sh")
        }
        let port = PeerServer.freePort()
        url = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            TestPaths.peersDirectory.appendingPathComponent("storage_server.py").path, String(port), directory,
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let client = try HTTPClient()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let response = try? client.send(HTTPRequest(url: url + "/iris/model.json")), response.status == 200 {
                return
            }
            usleep(100_000)
        }
        process.terminate()
        throw PeerServer.PeerError(description: "the storage server did not start on \(url)")
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
