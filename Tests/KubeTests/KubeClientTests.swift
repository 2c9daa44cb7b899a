import Core
import Foundation
import Kube
import PeerSupport
import Resources
import Testing

/// The client against `Peers/fake_apiserver.py`, a stand-in for kube-apiserver (which cannot run on these
/// machines); the end-to-end tests run it against `kserve serve`'s control plane and kubectl.
@Suite struct KubeClientTests {
    @Test func discoveryFindsKServeOrSaysItIsMissing() async throws {
        let server = try FakeAPIServer()
        let client = try server.client()
        let discovery = try await client.discoverKServe()
        #expect(discovery.versions == ["v1beta1", "v1alpha1"])
        #expect(discovery.preferredVersion == "v1beta1")
        for kind in ResourceKind.allCases { #expect(discovery.supports(kind), "\(kind)") }
        let isvc = try #require(discovery.resource(for: .inferenceService))
        #expect(isvc.kind == "InferenceService" && isvc.namespaced && isvc.shortNames == ["isvc"])
        #expect(isvc.subresources == ["status"])
        #expect(discovery.resource(for: .clusterServingRuntime)?.namespaced == false)

        try server.configure(#"{"kserve": false}"#)
        let error = await expectKServeError { _ = try await client.discoverKServe() }
        #expect(error?.code == .notFound)
        #expect(error?.message.hasPrefix("KServe is not installed in this cluster") == true)
    }

    @Test func createGetPatchDeleteRoundTrip() async throws {
        let server = try FakeAPIServer()
        let client = try server.client(namespace: "team")
        let created = try await client.create(
            inferenceService("iris"),
            kind: .inferenceService,
            namespace: nil,
            dryRun: false
        )
        #expect(created["metadata"]?["namespace"]?.stringValue == "team")
        let fetched = try await client.get(.inferenceService, name: "iris", namespace: nil)
        #expect(fetched["spec"]?["predictor"]?["minReplicas"]?.int64Value == 1)

        let patch = try JSONParser.parse(#"{"spec": {"predictor": {"minReplicas": 3}}}"#)
        let patched = try await client.mergePatch(.inferenceService, name: "iris", namespace: "team", patch: patch)
        #expect(patched["spec"]?["predictor"]?["minReplicas"]?.int64Value == 3)
        #expect(patched["spec"]?["predictor"]?["model"] != nil)

        try await client.delete(.inferenceService, name: "iris", namespace: nil)
        let gone = await expectKServeError { _ = try await client.get(.inferenceService, name: "iris", namespace: nil) }
        #expect(gone?.code == .notFound)
        #expect(gone?.httpStatus == 404)
        #expect(gone?.message == #"inferenceservices.serving.kserve.io "iris" not found"#)

        let log = try server.log()
        let patchRequest = try #require(log.first { $0.method == "PATCH" })
        #expect(patchRequest.contentType == "application/merge-patch+json")
        #expect(patchRequest.path == "/apis/serving.kserve.io/v1beta1/namespaces/team/inferenceservices/iris")
        let createRequest = try #require(log.first { $0.method == "POST" })
        #expect(createRequest.path == "/apis/serving.kserve.io/v1beta1/namespaces/team/inferenceservices")
        #expect(createRequest.query["fieldManager"] == "kserve")
    }

    @Test func applySendsServerSideApplyWithFieldManagerForceAndDryRun() async throws {
        let server = try FakeAPIServer()
        let client = try server.client()
        var object = inferenceService("flowers", namespace: "ml")
        if case .object(var top) = object, case .object(var metadata)? = top["metadata"] {
            metadata["managedFields"] = .array([.object(ValueObject([("manager", .string("x"))]))])
            top["metadata"] = .object(metadata)
            object = .object(top)
        }
        let dry = try await client.apply(object, kind: .inferenceService, namespace: "ml", force: false, dryRun: true)
        #expect(dry["metadata"]?["name"]?.stringValue == "flowers")
        let missing = await expectKServeError {
            _ = try await client.get(.inferenceService, name: "flowers", namespace: "ml")
        }
        #expect(missing?.code == .notFound)

        let applied = try await client.apply(
            object,
            kind: .inferenceService,
            namespace: nil,
            force: true,
            dryRun: false
        )
        #expect(applied["metadata"]?["namespace"]?.stringValue == "ml")
        #expect(applied["metadata"]?["managedFields"] == nil)

        let applies = try server.log().filter { $0.method == "PATCH" }
        #expect(applies.count == 2)
        for request in applies {
            #expect(request.contentType == "application/apply-patch+yaml")
            #expect(request.path == "/apis/serving.kserve.io/v1beta1/namespaces/ml/inferenceservices/flowers")
            #expect(request.query["fieldManager"] == "kserve")
        }
        #expect(applies[0].query["dryRun"] == "All" && applies[0].query["force"] == nil)
        #expect(applies[1].query["dryRun"] == nil && applies[1].query["force"] == "true")

        // A manifest namespace that contradicts the requested one is refused before any request.
        let contradiction = await expectKServeError {
            _ = try await client.apply(object, kind: .inferenceService, namespace: "other", force: false, dryRun: false)
        }
        #expect(contradiction?.code == .invalidInput)
        #expect(try server.log().filter { $0.method == "PATCH" }.count == 2)
    }

    @Test func listFollowsContinueTokens() async throws {
        let server = try FakeAPIServer()
        var options = KubeClientOptions(timeout: 30)
        options.pageSize = 2
        let client = try server.client(options: options)
        for index in 0..<5 {
            _ = try await client.create(
                inferenceService("m\(index)"),
                kind: .inferenceService,
                namespace: nil,
                dryRun: false
            )
        }
        _ = try await client.create(
            inferenceService("elsewhere", namespace: "b"),
            kind: .inferenceService,
            namespace: "b",
            dryRun: false
        )

        let list = try await client.list(.inferenceService, namespace: nil)
        #expect(list.items.compactMap { $0["metadata"]?["name"]?.stringValue } == ["m0", "m1", "m2", "m3", "m4"])
        #expect(!list.resourceVersion.isEmpty)
        let gets = try server.log().filter { $0.method == "GET" }
        #expect(gets.map { $0.query["limit"] } == ["2", "2", "2"])
        #expect(
            gets[0].query["continue"] == nil && gets[1].query["continue"] != nil && gets[2].query["continue"] != nil
        )

        let all = try await client.list(.inferenceService, namespace: nil, allNamespaces: true)
        #expect(all.items.count == 6)
        #expect(try server.log().last?.path == "/apis/serving.kserve.io/v1beta1/inferenceservices")

        let one = try await client.list(.inferenceService, namespace: nil, fieldSelector: "metadata.name=m3")
        #expect(one.items.count == 1)
        #expect(try server.log().last?.query["fieldSelector"] == "metadata.name=m3")
    }

    @Test func statusErrorsMapToCodesWithTheServersMessageAndCauses() async throws {
        let server = try FakeAPIServer()
        let client = try server.client()
        _ = try await client.create(inferenceService("a"), kind: .inferenceService, namespace: nil, dryRun: false)

        let exists = await expectKServeError {
            _ = try await client.create(inferenceService("a"), kind: .inferenceService, namespace: nil, dryRun: false)
        }
        #expect(exists?.code == .conflict)
        #expect(exists?.message == #"inferenceservices.serving.kserve.io "a" already exists"#)
        #expect((exists?.cause as? KubeStatus)?.reason == "AlreadyExists")

        let invalid = await expectKServeError {
            _ = try await client.create(
                inferenceService("b", spec: false),
                kind: .inferenceService,
                namespace: nil,
                dryRun: false
            )
        }
        #expect(invalid?.code == .invalidInput)
        #expect(invalid?.httpStatus == 422)
        let status = try #require(invalid?.cause as? KubeStatus)
        #expect(status.reason == "Invalid")
        #expect(status.causes.first?.field == "spec")
        #expect(invalid?.message.contains("spec: Required value") == true)

        // A field manager conflict names the field and the other manager.
        let owned = try JSONParser.parse(#"{"metadata": {"annotations": {"test/owner": "kubectl"}}}"#)
        _ = try await client.mergePatch(.inferenceService, name: "a", namespace: nil, patch: owned)
        let conflict = await expectKServeError {
            _ = try await client.apply(
                inferenceService("a", minReplicas: 2),
                kind: .inferenceService,
                namespace: nil,
                force: false,
                dryRun: false
            )
        }
        #expect(conflict?.code == .conflict)
        #expect(conflict?.message.contains(#"conflict with "kubectl""#) == true)
        #expect(conflict?.message.contains(".spec.predictor.minReplicas") == true)
        #expect((conflict?.cause as? KubeStatus)?.causes.first?.reason == "FieldManagerConflict")
        _ = try await client.apply(
            inferenceService("a", minReplicas: 2),
            kind: .inferenceService,
            namespace: nil,
            force: true,
            dryRun: false
        )

        try server.configure(#"{"tokens": ["right"]}"#)
        let unauthorized = await expectKServeError {
            _ = try await client.get(.inferenceService, name: "a", namespace: nil)
        }
        #expect(unauthorized?.code == .auth)
        #expect(unauthorized?.httpStatus == 401)
    }

    @Test func warningHeadersReachTheSinkOnce() async throws {
        let server = try FakeAPIServer()
        let warnings = LineRecorder()
        var options = KubeClientOptions(timeout: 30)
        options.warningSink = warnings.sink
        let client = try server.client(options: options)
        try server.configure(#"{"warning": "spec.predictor.tensorflow is deprecated"}"#)
        _ = try await client.list(.inferenceService, namespace: nil)
        _ = try await client.list(.inferenceService, namespace: nil)
        #expect(warnings.lines == ["spec.predictor.tensorflow is deprecated"])
    }

    @Test func retryAfterIsHonouredWithinTheTimeout() async throws {
        let server = try FakeAPIServer()
        let client = try server.client(options: KubeClientOptions(timeout: 30))
        try server.configure(#"{"fail": {"method": "GET", "status": 429, "retryAfter": 1, "times": 1}}"#)
        let start = ContinuousClock.now
        let list = try await client.list(.inferenceService, namespace: nil)
        #expect(list.items.isEmpty)
        #expect(ContinuousClock.now - start >= .milliseconds(900))
        #expect(try server.log().filter { $0.method == "GET" }.count == 2)

        // A wait that would pass the deadline is not started: the answer's error comes back at once.
        let hurried = try server.client(options: KubeClientOptions(timeout: 5))
        try server.configure(#"{"fail": {"method": "GET", "status": 503, "retryAfter": 60, "times": 1}}"#)
        let busy = await expectKServeError { _ = try await hurried.list(.inferenceService, namespace: nil) }
        #expect(busy?.code == .http)
        #expect(busy?.httpStatus == 503)

        // Without Retry-After a 5xx is not retried.
        try server.configure(#"{"fail": {"method": "GET", "status": 500, "times": 1}}"#)
        let before = try server.log().count
        let failed = await expectKServeError { _ = try await client.list(.inferenceService, namespace: nil) }
        #expect(failed?.code == .http)
        #expect(try server.log().count == before + 1)
    }
}
