import Core
import Testing

@testable import KServeCLI

@Suite struct ClusterHelpersTests {
    static func service(
        generation: Int64 = 2,
        observed: Int64? = 2,
        ready: String = "True",
        modelStatus: Value? = nil
    ) -> Value {
        var status: ValueObject = [
            "url": "http://iris.default.example.com",
            "conditions": [
                ["type": "PredictorReady", "status": .string(ready), "reason": "ModelLoading", "message": "loading"],
                ["type": "Ready", "status": .string(ready)],
            ],
        ]
        if let observed { status["observedGeneration"] = .int(observed) }
        if let modelStatus { status["modelStatus"] = modelStatus }
        return [
            "metadata": [
                "name": "iris", "namespace": "team-a", "generation": .int(generation),
                "creationTimestamp": "2026-01-02T03:04:05Z",
            ],
            "spec": [
                "predictor": [
                    "minReplicas": 1, "maxReplicas": 3,
                    "model": ["modelFormat": ["name": "xgboost"], "runtime": "kserve-xgbserver", "storageUri": "/m"],
                ]
            ],
            "status": .object(status),
        ]
    }

    @Test func readyOnlyForTheObservedGeneration() {
        #expect(ResourceStatus(Self.service()).state == .ready)
        let stale = ResourceStatus(Self.service(generation: 3, observed: 2))
        #expect(stale.state == .progressing)
        #expect(stale.summary.contains("generation 3"))
        #expect(ResourceStatus(Self.service(ready: "Unknown")).state == .progressing)
    }

    @Test(arguments: [
        ("InvalidSpec", "", "InvalidSpec"),
        ("BlockedByFailedLoad", "FailedToLoad", "BlockedByFailedLoad"),
        ("", "FailedToLoad", "FailedToLoad"),
    ])
    func terminalModelStates(transition: String, target: String, label: String) {
        var modelStatus: ValueObject = [
            "states": ["targetModelState": .string(target)],
            "lastFailureInfo": ["reason": "ModelLoadFailed", "message": "no such file /m"],
        ]
        if !transition.isEmpty { modelStatus["transitionStatus"] = .string(transition) }
        let status = ResourceStatus(Self.service(ready: "False", modelStatus: .object(modelStatus)))
        guard case .failed(let reason) = status.state else {
            Issue.record("expected a terminal failure, got \(status.state)")
            return
        }
        #expect(reason.hasPrefix(label))
        #expect(reason.contains("ModelLoadFailed") && reason.contains("no such file /m"))
    }

    @Test func loadingIsNotTerminal() {
        let modelStatus: Value = ["transitionStatus": "InProgress", "states": ["targetModelState": "Loading"]]
        #expect(ResourceStatus(Self.service(ready: "Unknown", modelStatus: modelStatus)).state == .progressing)
    }

    @Test func summaryColumns() throws {
        let now = try #require(RFC3339.parse("2026-01-02T04:04:05Z"))
        let summary = InferenceServiceSummary(Self.service(), now: now)
        #expect(summary.name == "iris" && summary.namespace == "team-a")
        #expect(summary.ready == "True" && summary.url == "http://iris.default.example.com")
        #expect(summary.format == "xgboost" && summary.runtime == "kserve-xgbserver")
        #expect(summary.minMax == "1/3" && summary.age == "60m")
    }

    @Test func tableHasNamespaceColumnOnlyForAllNamespaces() {
        let one = ServiceTable.render([Self.service()], allNamespaces: false, wide: false, now: 0)
        #expect(one.hasPrefix("NAME "))
        #expect(one.contains("iris") && !one.contains("team-a"))
        let all = ServiceTable.render([Self.service()], allNamespaces: true, wide: true, now: 0)
        #expect(all.hasPrefix("NAMESPACE "))
        #expect(all.contains("team-a") && all.contains("STORAGE"))
    }

    @Test(arguments: [
        (5.0, "5s"), (119.0, "119s"), (120.0, "2m"), (3_600.0, "60m"), (3_660.0, "61m"), (303.0, "5m3s"),
        (86_400.0 * 800, "2y70d"), (30_000.0, "8h"),
        (180_000.0, "2d2h"), (86_400.0 * 30, "30d"),
    ])
    func ages(seconds: Double, expected: String) {
        #expect(InferenceServiceSummary.age(seconds: seconds) == expected)
    }

    @Test func timestampsParseAsUTC() {
        #expect(RFC3339.parse("1970-01-02T00:00:01Z") == 86_401)
        #expect(RFC3339.parse("2026-01-02T03:04:05.123Z") != nil)
        #expect(RFC3339.parse("yesterday") == nil)
    }

    @Test func relativeStorageURIsResolveAgainstTheManifestDirectory() {
        let object: Value = ["spec": ["predictor": ["model": ["storageUri": "models/iris"]]]]
        let resolved = StorageURIResolution.resolved(
            object,
            manifestSource: "examples/iris.yaml",
            workingDirectory: "/repo"
        )
        #expect(resolved["spec"]?["predictor"]?["model"]?["storageUri"]?.stringValue == "/repo/examples/models/iris")
        let up = StorageURIResolution.resolved(
            ["spec": ["model": ["storageUri": "../m"]]],
            manifestSource: "/data/x/tm.yaml",
            workingDirectory: "/repo"
        )
        #expect(up["spec"]?["model"]?["storageUri"]?.stringValue == "/data/m")
        let stdin = StorageURIResolution.resolved(object, manifestSource: "<stdin>", workingDirectory: "/w")
        #expect(stdin["spec"]?["predictor"]?["model"]?["storageUri"]?.stringValue == "/w/models/iris")
        for kept in ["s3://b/m", "file:///m", "/abs/m"] {
            let value: Value = ["spec": ["predictor": ["model": ["storageUri": .string(kept)]]]]
            let out = StorageURIResolution.resolved(value, manifestSource: "a.yaml", workingDirectory: "/w")
            #expect(out["spec"]?["predictor"]?["model"]?["storageUri"]?.stringValue == kept)
        }
    }

    static func invocation(_ arguments: [String]) throws -> Invocation {
        guard case .success(.run(let invocation)) = ArgumentParser.parse(arguments, environment: [:]) else {
            throw KServeError(.usage, "\(arguments) did not parse to a run")
        }
        return invocation
    }

    @Test func scalePatchCarriesOnlyTheGivenFields() throws {
        let patch = try ScaleCommand.predictorPatch(
            Self.invocation(["scale", "iris", "--min", "2", "--target", "10", "--metric", "rps"])
        )
        #expect(patch.keys == ["minReplicas", "scaleTarget", "scaleMetric"])
        #expect(patch["minReplicas"] == .int(2) && patch["scaleMetric"] == "rps")
        let canary = try ScaleCommand.predictorPatch(Self.invocation(["scale", "iris", "--canary", "20"]))
        #expect(canary.keys == ["canaryTrafficPercent"])
    }

    @Test(arguments: [
        ["scale", "iris"], ["scale", "iris", "--min", "3", "--max", "2"], ["scale", "iris", "--target", "5"],
        ["scale", "iris", "--metric", "cpu"], ["scale", "iris", "--canary", "101"], ["scale", "iris", "--min", "-1"],
    ])
    func badScaleFlagsAreUsageErrors(_ arguments: [String]) throws {
        let invocation = try Self.invocation(arguments)
        #expect(throws: KServeError.self) { try ScaleCommand.predictorPatch(invocation) }
        do {
            _ = try ScaleCommand.predictorPatch(invocation)
        } catch {
            #expect(error.code == .usage)
        }
    }

    @Test func splitsServiceURLs() throws {
        let parts = try #require(PredictCommand.splitURL("https://iris.default.example.com/v1/"))
        #expect(parts.scheme == "https" && parts.host == "iris.default.example.com" && parts.path == "/v1")
        #expect(PredictCommand.splitURL("iris.default") == nil)
    }
}
