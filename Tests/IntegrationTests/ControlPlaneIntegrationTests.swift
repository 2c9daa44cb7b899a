import Core
import CurlHTTP
import Foundation
import Testing

/// `kserve serve`'s control plane with real clients: the Kubernetes Python client, and durability of accepted
/// resources across a SIGKILL.
@Suite("kserve serve control plane")
struct ControlPlaneIntegrationTests {
    @Test func kubernetesPythonClientManagesACustomObject() throws {
        let state = try ControlPlaneServer.temporaryStateDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let server = try ControlPlaneServer(stateDirectory: state)
        let script = TestPaths.peersDirectory.appendingPathComponent("k8s_client_check.py").path
        guard FileManager.default.isExecutableFile(atPath: TestPaths.python) else {
            Issue.record("no Python at \(TestPaths.python): run scripts/setup.sh")
            return
        }
        let result = try ProcessRunner.run(
            TestPaths.python,
            [script, server.kubeconfig, KubectlIntegrationTests.irisModel],
            timeout: 120
        )
        #expect(result.status == 0, "\(result.stderr)\nserver log:\n\(server.stderr)")
        #expect(try JSONParser.parse(result.stdout)["deleted"] == true)
    }

    /// The KServe Python SDK's KServeClient against the control plane: create, wait_isvc_ready, get, patch,
    /// create_trained_model, delete.
    @Test func kserveSDKClientDeploysWaitsPatchesAndDeletes() throws {
        let state = try ControlPlaneServer.temporaryStateDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let server = try ControlPlaneServer(stateDirectory: state)
        let script = TestPaths.peersDirectory.appendingPathComponent("kserve_sdk_check.py").path
        guard FileManager.default.isExecutableFile(atPath: TestPaths.python) else {
            Issue.record("no Python at \(TestPaths.python): run scripts/setup.sh")
            return
        }
        let models = TestPaths.packageRoot.appendingPathComponent("examples/models").path
        let result = try ProcessRunner.run(TestPaths.python, [script, server.kubeconfig, models], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)\nserver log:\n\(server.stderr)")
        let seen = try JSONParser.parse(result.stdout)
        #expect(seen["created"] == "sdk-iris")
        #expect(seen["ready"] == "True")
        #expect(seen["url"] == "http://sdk-iris.default.example.com")
        #expect(seen["patched_min"] == 2)
        #expect(seen["trained_model"] == "True")
        #expect(seen["gone"] == true)
    }

    /// Creates objects from several threads, kills the server with SIGKILL in the middle of the burst, restarts it on
    /// the same state directory, and finds every object whose create was answered 2xx.
    @Test func everyAcceptedResourceSurvivesSIGKILL() async throws {
        let state = try ControlPlaneServer.temporaryStateDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let server = try ControlPlaneServer(stateDirectory: state)
        let http = try HTTPClient()
        let accepted = LockedText()
        let collection = server.url + "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices"
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for index in 0..<400 {
                        let name = "burst-\(worker)-\(index)"
                        let object: Value = [
                            "apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
                            "metadata": ["name": .string(name)],
                            "spec": [
                                "predictor": [
                                    "model": ["modelFormat": ["name": "xgboost"]], "minReplicas": .int(Int64(index)),
                                ]
                            ],
                        ]
                        var headers = HTTPHeaders()
                        headers.set("Content-Type", "application/json")
                        let request = CurlHTTP.HTTPRequest(
                            method: "POST",
                            url: collection,
                            headers: headers,
                            body: JSONWriter.bytes(object),
                            timeout: 5
                        )
                        guard let response = try? await http.send(request) else { return }
                        if response.isSuccess { accepted.append(name + "\n") }
                    }
                }
            }
            group.addTask {
                while accepted.text.split(separator: "\n").count < 40 { try await Task.sleep(for: .milliseconds(5)) }
                server.kill()
            }
            try await group.waitForAll()
        }
        let names = Set(accepted.text.split(separator: "\n").map(String.init))
        #expect(names.count >= 40)
        #expect(names.count < 1600, "the server was killed before the burst ended")

        let restarted = try ControlPlaneServer(stateDirectory: state)
        let path = "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices"
        let list = try await http.send(CurlHTTP.HTTPRequest(url: restarted.url + path))
        #expect(list.status == 200)
        let items = try JSONParser.parse(list.body)["items"]?.arrayValue ?? []
        var found: [String: Value] = [:]
        for item in items {
            if let name = item["metadata"]?["name"]?.stringValue { found[name] = item }
        }
        let lost = names.subtracting(found.keys)
        #expect(lost.isEmpty, "accepted but lost after SIGKILL: \(lost.sorted().prefix(10))")
        for name in names {
            let index = Int64(name.split(separator: "-").last.flatMap { Int64($0) } ?? -1)
            #expect(found[name]?["spec"]?["predictor"]?["minReplicas"]?.int64Value == index)
        }
        // resourceVersions keep growing after the restart.
        let highest =
            items.compactMap { $0["metadata"]?["resourceVersion"]?.stringValue.flatMap(UInt64.init) }.max() ?? 0
        let listVersion = try JSONParser.parse(list.body)["metadata"]?["resourceVersion"]?.stringValue.flatMap(
            UInt64.init
        )
        #expect((listVersion ?? 0) >= highest)
        #expect(restarted.stop() == 0)
    }
}
