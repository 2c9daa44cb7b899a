import Core
import Foundation
import Testing

/// ONNX models through the control plane, as a user deploys them: an InferenceService whose storage is a
/// Triton-style repository, and a TrainedModel of the ONNX framework in a multi-model InferenceService, applied with
/// `kserve deploy`, listed by `kserve models` and called by name with `kserve predict`.
@Suite(.serialized) struct ONNXDeployIntegrationTests {
    @Test func anInferenceServiceAndATrainedModelOfONNX() throws {
        let server = try ControlPlaneServer(stateDirectory: try ControlPlaneServer.temporaryStateDirectory())
        defer { server.stop() }
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent(
                "kserve-onnx-deploy-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
            )
        let files = FileManager.default
        for (fixture, target) in [("cnn", "repository/cnn/1"), ("mlp", "mlp")] {
            let directory = root.appendingPathComponent(target)
            try files.createDirectory(at: directory, withIntermediateDirectories: true)
            try files.copyItem(
                at: ONNXServeIntegrationTests.fixtures.appendingPathComponent("\(fixture).onnx"),
                to: directory.appendingPathComponent("model.onnx")
            )
        }
        let manifest = """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: cnn
            spec:
              predictor:
                model:
                  modelFormat:
                    name: onnx
                  protocolVersion: v2
                  storageUri: file://\(root.path)/repository
            ---
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: shared
            spec:
              predictor:
                model:
                  modelFormat:
                    name: onnx
                  protocolVersion: v2
                  resources:
                    limits:
                      memory: 64Mi
            ---
            apiVersion: serving.kserve.io/v1alpha1
            kind: TrainedModel
            metadata:
              name: mlp
            spec:
              inferenceService: shared
              model:
                framework: onnx
                storageUri: file://\(root.path)/mlp
                memory: 8Mi

            """
        let file = try TestPaths.temporaryFile("onnx-deploy.yaml", contents: manifest)
        let kubeconfig = ["--kubeconfig", server.kubeconfig]
        let deploy = try ProcessRunner.kserve(kubeconfig + ["deploy", file.path, "--timeout", "60s"])
        #expect(deploy.status == 0, "deploy: \(deploy.stderr)\nserver: \(server.stderr.suffix(4000))")
        guard deploy.status == 0 else { return }

        let table = try ProcessRunner.kserve(kubeconfig + ["models"])
        #expect(table.status == 0, "\(table.stderr)")
        let rows = table.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let cnn = try #require(rows.first { $0.first == "cnn" }, "\(table.stdout)")
        #expect(cnn.count > 3 && cnn[1] == "True" && cnn[3] == "onnx", "\(table.stdout)")

        // The CNN by the InferenceService's name (status.url and the Host header); the MLP by its TrainedModel
        // name on the shared server.
        try ONNXServeIntegrationTests.predictV2(kubeconfig, model: "cnn") { server.stderr }
        try ONNXServeIntegrationTests.predictV2(["--url", server.url], model: "mlp") { server.stderr }
        try? files.removeItem(at: root)
    }
}
