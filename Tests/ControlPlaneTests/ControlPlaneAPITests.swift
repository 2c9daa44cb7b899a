import Core
import Foundation
import HTTPTypes
import Resources
import ServingTestSupport
import Testing

@testable import ControlPlane

/// The Kubernetes API of the control plane, in process: discovery, CRUD, conflicts, validation, patches,
/// server-side apply, watch and Table answers.
@Suite struct ControlPlaneAPITests {
    static let isvcs = "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices"
    static let tableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"

    static func isvc(_ name: String, minReplicas: Int64 = 1) -> Value {
        ControlPlaneStoreTests.isvc(name, minReplicas: minReplicas)
    }

    @Test func discoveryListsTheKindsWithVerbsAndShortNames() async throws {
        try await KubeClient.with { client, _ in
            let groups = try await client.get("/apis").json
            #expect(groups?["kind"] == "APIGroupList")
            #expect(groups?["groups"]?[0]?["preferredVersion"]?["version"] == "v1beta1")
            let beta = try #require(try await client.get("/apis/serving.kserve.io/v1beta1").json)
            let isvc = try #require(beta["resources"]?.arrayValue?.first { $0["name"] == "inferenceservices" })
            #expect(isvc["shortNames"] == ["isvc"])
            #expect(isvc["namespaced"] == true)
            #expect(isvc["verbs"]?.arrayValue?.contains("watch") == true)
            let alpha = try #require(try await client.get("/apis/serving.kserve.io/v1alpha1").json)
            let names = alpha["resources"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(names.contains("trainedmodels") && names.contains("clusterservingruntimes/status"))
            let runtime = alpha["resources"]?.arrayValue?.first { $0["name"] == "clusterservingruntimes" }
            #expect(runtime?["namespaced"] == false)
            #expect(try await client.get("/api").json?["versions"] == ["v1"])
            #expect(try await client.get("/version").json?["major"] == "1")
            #expect(try await client.get("/apis/serving.kserve.io/v2").status == 404)
            #expect(try await client.get("/api/v1/namespaces/default").json?["status"]?["phase"] == "Active")
            let missing = try await client.get("/api/v1/namespaces/nowhere")
            #expect(missing.status == 404)
            #expect(missing.json?["reason"] == "NotFound")
        }
    }

    @Test func createGetListDelete() async throws {
        try await KubeClient.with { client, _ in
            let created = try await client.post(Self.isvcs, Self.isvc("iris"), userAgent: "kubectl/v1.32.4 (linux)")
            #expect(created.status == 201)
            #expect(created.json?["metadata"]?["managedFields"]?[0]?["manager"] == "kubectl")
            let duplicate = try await client.post(Self.isvcs, Self.isvc("iris"))
            #expect(duplicate.status == 409)
            #expect(duplicate.json?["reason"] == "AlreadyExists")
            #expect(duplicate.json?["kind"] == "Status")
            _ = try await client.post(Self.isvcs, Self.isvc("wine"))
            let other = "/apis/serving.kserve.io/v1beta1/namespaces/team/inferenceservices"
            _ = try await client.post(other, Self.isvc("churn"))

            let got = try await client.get(Self.isvcs + "/iris")
            #expect(got.status == 200)
            #expect(got.json?["spec"] == Self.isvc("iris")["spec"])
            let list = try #require(try await client.get(Self.isvcs).json)
            #expect(list["kind"] == "InferenceServiceList")
            #expect(list["items"]?.arrayValue?.count == 2)
            let everywhere = try await client.get("/apis/serving.kserve.io/v1beta1/inferenceservices").json
            #expect(everywhere?["items"]?.arrayValue?.count == 3)
            let named = try await client.get(Self.isvcs + "?fieldSelector=metadata.name%3Dwine").json
            #expect(named?["items"]?.arrayValue?.compactMap { $0["metadata"]?["name"]?.stringValue } == ["wine"])

            let page = try #require(try await client.get(Self.isvcs + "?limit=1").json)
            #expect(page["items"]?.arrayValue?.count == 1)
            let token = try #require(page["metadata"]?["continue"]?.stringValue)
            #expect(page["metadata"]?["remainingItemCount"] == 1)
            let rest = try await client.get(Self.isvcs + "?limit=1&continue=\(token)").json
            #expect(rest?["items"]?[0]?["metadata"]?["name"] == "wine")
            #expect(rest?["metadata"]?["continue"] == nil)

            let deleted = try await client.delete(Self.isvcs + "/iris")
            #expect(deleted.status == 200)
            #expect(deleted.json?["metadata"]?["name"] == "iris")
            let gone = try await client.get(Self.isvcs + "/iris")
            #expect(gone.status == 404)
            #expect(gone.json?["message"] == "inferenceservices.serving.kserve.io \"iris\" not found")
            #expect(gone.json?["details"]?["kind"] == "inferenceservices")
        }
    }

    @Test func labelSelectorsFilterLists() async throws {
        try await KubeClient.with { client, _ in
            for (name, team) in [("a", "ml"), ("b", "ops"), ("c", "ml")] {
                var object = Self.isvc(name)
                object.set(["metadata", "labels"], ["team": .string(team)])
                _ = try await client.post(Self.isvcs, object)
            }
            func names(_ selector: String) async throws -> [String] {
                let list = try await client.get(Self.isvcs + "?labelSelector=" + selector).json
                return list?["items"]?.arrayValue?.compactMap { $0["metadata"]?["name"]?.stringValue } ?? []
            }
            #expect(try await names("team%3Dml") == ["a", "c"])
            #expect(try await names("team!%3Dml") == ["b"])
            #expect(try await names("team%20in%20(ops)") == ["b"])
            #expect(try await names("!team").isEmpty)
        }
    }

    @Test func validationFailuresAre422WithCauses() async throws {
        try await KubeClient.with { client, _ in
            var object = Self.isvc("iris")
            object.set(["spec", "predictor", "model", "modelFormat"], ["version": 2])
            object.set(["spec", "predictor", "minReplicas"], "three")
            let reply = try await client.post(Self.isvcs, object)
            #expect(reply.status == 422)
            #expect(reply.json?["reason"] == "Invalid")
            let fields = reply.json?["details"]?["causes"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
            #expect(
                Set(fields) == [
                    "spec.predictor.model.modelFormat.name", "spec.predictor.model.modelFormat.version",
                    "spec.predictor.minReplicas",
                ]
            )
            // Every cause in the API server's wording: OpenAPI type names in type errors.
            let causes = reply.json?["details"]?["causes"]?.arrayValue?.map { cause in
                [
                    cause["reason"]?.stringValue ?? "", cause["field"]?.stringValue ?? "",
                    cause["message"]?.stringValue ?? "",
                ]
            }
            let version = "spec.predictor.model.modelFormat.version"
            #expect(
                causes == [
                    ["FieldValueRequired", "spec.predictor.model.modelFormat.name", "Required value"],
                    [
                        "FieldValueTypeInvalid", version,
                        "Invalid value: \"integer\": \(version) in body must be of type string",
                    ],
                    [
                        "FieldValueTypeInvalid", "spec.predictor.minReplicas",
                        "Invalid value: \"string\": spec.predictor.minReplicas in body must be of type integer",
                    ],
                ]
            )
            #expect(
                reply.json?["message"]?.stringValue
                    == "InferenceService.serving.kserve.io \"iris\" is invalid: ["
                    + "spec.predictor.model.modelFormat.name: Required value, "
                    + "\(version): Invalid value: \"integer\": \(version) in body must be of type string, "
                    + "spec.predictor.minReplicas: Invalid value: \"string\": spec.predictor.minReplicas in body must "
                    + "be of type integer]"
            )
            let tm: Value = [
                "apiVersion": "serving.kserve.io/v1alpha1", "kind": "TrainedModel", "metadata": ["name": "m1"],
                "spec": ["inferenceService": "parent", "model": ["storageUri": "file:///m", "framework": "xgboost"]],
            ]
            let tmReply = try await client.post("/apis/serving.kserve.io/v1alpha1/namespaces/default/trainedmodels", tm)
            #expect(tmReply.status == 422)
            #expect(tmReply.json?["details"]?["causes"]?[0]?["field"] == "spec.model.memory")
            let mismatch = try await client.post(
                "/apis/serving.kserve.io/v1beta1/namespaces/other/inferenceservices",
                ControlPlaneStoreTests.isvc("x", namespace: "default")
            )
            #expect(mismatch.status == 400)
        }
    }

    @Test func updateNeedsTheCurrentResourceVersion() async throws {
        try await KubeClient.with { client, _ in
            let created = try #require(try await client.post(Self.isvcs, Self.isvc("iris")).json)
            var noVersion = Self.isvc("iris", minReplicas: 2)
            #expect(try await client.put(Self.isvcs + "/iris", noVersion).status == 422)
            noVersion.set(["metadata", "resourceVersion"], created["metadata"]?["resourceVersion"])
            let updated = try await client.put(Self.isvcs + "/iris", noVersion)
            #expect(updated.status == 200)
            #expect(updated.json?["metadata"]?["generation"] == 2)
            let stale = try await client.put(Self.isvcs + "/iris", noVersion)
            #expect(stale.status == 409)
            #expect(stale.json?["reason"] == "Conflict")
            #expect(stale.json?["message"]?.stringValue?.contains("the object has been modified") == true)
            let renamed = try await client.put(Self.isvcs + "/other", noVersion)
            #expect(renamed.status == 400)
        }
    }

    @Test func mergeAndJSONPatches() async throws {
        try await KubeClient.with { client, _ in
            _ = try await client.post(Self.isvcs, Self.isvc("iris"))
            let merged = try await client.patch(
                Self.isvcs + "/iris",
                ["spec": ["predictor": ["minReplicas": 2, "maxReplicas": 4]]],
                type: "application/merge-patch+json"
            )
            #expect(merged.status == 200)
            #expect(merged.json?["spec"]?["predictor"]?["maxReplicas"] == 4)
            #expect(merged.json?["spec"]?["predictor"]?["model"]?["modelFormat"]?["name"] == "xgboost")
            #expect(merged.json?["metadata"]?["generation"] == 2)
            let json = try await client.patch(
                Self.isvcs + "/iris",
                [
                    ["op": "test", "path": "/spec/predictor/minReplicas", "value": 2],
                    ["op": "replace", "path": "/spec/predictor/minReplicas", "value": 3],
                    ["op": "remove", "path": "/spec/predictor/maxReplicas"],
                ],
                type: "application/json-patch+json"
            )
            #expect(json.status == 200)
            #expect(json.json?["spec"]?["predictor"]?["minReplicas"] == 3)
            #expect(json.json?["spec"]?["predictor"]?["maxReplicas"] == nil)
            let failedTest = try await client.patch(
                Self.isvcs + "/iris",
                [["op": "test", "path": "/spec/predictor/minReplicas", "value": 9]],
                type: "application/json-patch+json"
            )
            #expect(failedTest.status == 422)
            let strategic = try await client.patch(
                Self.isvcs + "/iris",
                ["spec": [:]],
                type: "application/strategic-merge-patch+json"
            )
            #expect(strategic.status == 415)
            let invalid = try await client.patch(
                Self.isvcs + "/iris",
                ["spec": ["predictor": ["scaleMetric": "gpu"]]],
                type: "application/merge-patch+json"
            )
            #expect(invalid.status == 422)
            #expect(invalid.json?["details"]?["causes"]?[0]?["field"] == "spec.predictor.scaleMetric")
            #expect(invalid.json?["details"]?["causes"]?[0]?["reason"] == "FieldValueInvalid")
            #expect(
                invalid.json?["details"]?["causes"]?[0]?["message"]
                    == "Invalid value: \"gpu\": supported values: \"cpu\", \"memory\", \"concurrency\", \"rps\""
            )
            #expect(
                try await client.patch(Self.isvcs + "/nope", [:], type: "application/merge-patch+json").status == 404
            )
        }
    }

    @Test func statusSubresource() async throws {
        try await KubeClient.with { client, _ in
            _ = try await client.post(Self.isvcs, Self.isvc("iris"))
            let patched = try await client.patch(
                Self.isvcs + "/iris/status",
                ["status": ["url": "http://iris.default.example.com"], "spec": ["predictor": ["minReplicas": 9]]],
                type: "application/merge-patch+json"
            )
            #expect(patched.status == 200)
            #expect(patched.json?["status"]?["url"] == "http://iris.default.example.com")
            #expect(patched.json?["spec"]?["predictor"]?["minReplicas"] == 1)
            #expect(patched.json?["metadata"]?["generation"] == 1)
            let status = try await client.get(Self.isvcs + "/iris/status")
            #expect(status.json?["status"]?["url"] == "http://iris.default.example.com")
            var body = try #require(status.json)
            body.set(["status", "url"], "http://changed")
            let put = try await client.put(Self.isvcs + "/iris/status", body)
            #expect(put.status == 200)
            #expect(put.json?["status"]?["url"] == "http://changed")
        }
    }

    @Test func serverSideApplyOwnsFieldsAndReportsConflicts() async throws {
        try await KubeClient.with { client, _ in
            let manifest = """
                apiVersion: serving.kserve.io/v1beta1
                kind: InferenceService
                metadata:
                  name: iris
                spec:
                  predictor:
                    minReplicas: 1
                    model:
                      modelFormat: {name: xgboost}
                      storageUri: file:///models/iris
                """
            let created = try await client.apply(Self.isvcs + "/iris?fieldManager=kserve", yaml: manifest)
            #expect(created.status == 201)
            let managers = created.json?["metadata"]?["managedFields"]?.arrayValue ?? []
            #expect(managers.count == 1)
            #expect(managers.first?["operation"] == "Apply")
            #expect(managers.first?["fieldsV1"]?["f:spec"]?["f:predictor"]?["f:minReplicas"] == .object([:]))
            // The same intent again changes nothing.
            let again = try await client.apply(Self.isvcs + "/iris?fieldManager=kserve", yaml: manifest)
            #expect(again.status == 200)
            #expect(again.json?["metadata"]?["resourceVersion"] == created.json?["metadata"]?["resourceVersion"])
            // Another manager changes minReplicas with a merge patch and takes ownership of it.
            let patched = try await client.patch(
                Self.isvcs + "/iris?fieldManager=scaler",
                ["spec": ["predictor": ["minReplicas": 3]]],
                type: "application/merge-patch+json"
            )
            #expect(patched.status == 200)
            let conflict = try await client.apply(
                Self.isvcs + "/iris?fieldManager=kserve",
                yaml: manifest.replacingOccurrences(of: "minReplicas: 1", with: "minReplicas: 2")
            )
            #expect(conflict.status == 409)
            #expect(conflict.json?["reason"] == "Conflict")
            let cause = conflict.json?["details"]?["causes"]?[0]
            #expect(cause?["reason"] == "FieldManagerConflict")
            #expect(cause?["field"] == ".spec.predictor.minReplicas")
            #expect(cause?["message"]?.stringValue?.contains("\"scaler\"") == true)
            #expect(conflict.json?["message"]?.stringValue?.hasPrefix("Apply failed with 1 conflict") == true)
            let forced = try await client.apply(
                Self.isvcs + "/iris?fieldManager=kserve&force=true",
                yaml: manifest.replacingOccurrences(of: "minReplicas: 1", with: "minReplicas: 2")
            )
            #expect(forced.status == 200)
            #expect(forced.json?["spec"]?["predictor"]?["minReplicas"] == 2)
            // A field dropped from the intent is removed when nobody else owns it.
            let dropped = try await client.apply(
                Self.isvcs + "/iris?fieldManager=kserve",
                yaml: manifest.replacingOccurrences(of: "    minReplicas: 1\n", with: "")
            )
            #expect(dropped.status == 200)
            #expect(dropped.json?["spec"]?["predictor"]?["minReplicas"] == nil)
            let noManager = try await client.apply(Self.isvcs + "/iris", yaml: manifest)
            #expect(noManager.status == 400)
        }
    }

    @Test func dryRunPersistsNothing() async throws {
        try await KubeClient.with { client, plane in
            let reply = try await client.post(Self.isvcs + "?dryRun=All", Self.isvc("iris"))
            #expect(reply.status == 201)
            #expect(await plane.store.get(.inferenceService, namespace: "default", name: "iris") == nil)
            _ = try await client.post(Self.isvcs, Self.isvc("iris"))
            let deleted = try await client.send(.delete, Self.isvcs + "/iris?dryRun=All")
            #expect(deleted.status == 200)
            #expect(await plane.store.get(.inferenceService, namespace: "default", name: "iris") != nil)
        }
    }

    @Test func tableAnswersForKubectl() async throws {
        try await KubeClient.with { client, plane in
            _ = try await client.post(Self.isvcs, Self.isvc("iris"))
            _ = try await plane.store.updateStatus(
                .inferenceService,
                namespace: "default",
                name: "iris",
                status: [
                    "url": "http://iris.default.example.com",
                    "conditions": [["type": "Ready", "status": "True"]],
                ]
            )
            let table = try #require(try await client.get(Self.isvcs, accept: Self.tableAccept).json)
            #expect(table["kind"] == "Table")
            let columns = table["columnDefinitions"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(columns?.prefix(5) == ["Name", "URL", "Ready", "Prev", "Latest"])
            #expect(columns?.last == "Age")
            let cells = try #require(table["rows"]?[0]?["cells"]?.arrayValue)
            #expect(cells.prefix(3) == ["iris", "http://iris.default.example.com", "True"])
            #expect(cells.last?.stringValue?.hasSuffix("s") == true)
            #expect(table["rows"]?[0]?["object"]?["kind"] == "PartialObjectMetadata")
            let plain = try await client.get(Self.isvcs).json
            #expect(plain?["kind"] == "InferenceServiceList")
        }
    }

    @Test func watchStreamsChangesFromAResourceVersion() async throws {
        try await KubeClient.with { client, plane in
            let list = try #require(try await client.get(Self.isvcs).json)
            let version = try #require(list["metadata"]?["resourceVersion"]?.stringValue)
            _ = try await client.post(Self.isvcs, Self.isvc("iris"))
            _ = try await client.patch(
                Self.isvcs + "/iris",
                ["spec": ["predictor": ["minReplicas": 2]]],
                type: "application/merge-patch+json"
            )
            _ = try await client.post(
                "/apis/serving.kserve.io/v1beta1/namespaces/other/inferenceservices",
                Self.isvc("elsewhere")
            )
            _ = try await client.delete(Self.isvcs + "/iris")
            let reply = try await client.get(Self.isvcs + "?watch=1&resourceVersion=\(version)&timeoutSeconds=1")
            #expect(reply.status == 200)
            let events = reply.text.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
            #expect(events.compactMap { $0["type"]?.stringValue } == ["ADDED", "MODIFIED", "DELETED"])
            #expect(events.allSatisfy { $0["object"]?["metadata"]?["name"] == "iris" })
            // Without a resourceVersion the watch starts with the current objects.
            let fresh = try await client.get(
                "/apis/serving.kserve.io/v1beta1/inferenceservices?watch=true&timeoutSeconds=1"
            )
            let names = fresh.text.split(separator: "\n").compactMap {
                try? JSONParser.parse(String($0))["object"]?["metadata"]?["name"]?.stringValue
            }
            #expect(names == ["elsewhere"])
            _ = plane
        }
    }

    @Test func watchRejectsWatchListAndTooOldVersions() async throws {
        let store = try ResourceStore(stateDirectory: nil, historyLimit: 1)
        try await KubeClient.with(ControlPlane(store: store, bookmarkInterval: .milliseconds(100))) { client, _ in
            let watchList = try await client.get(Self.isvcs + "?watch=1&sendInitialEvents=true")
            #expect(watchList.status == 422)
            #expect(watchList.json?["details"]?["causes"]?[0]?["field"] == "sendInitialEvents")
            for name in ["a", "b", "c"] { _ = try await client.post(Self.isvcs, Self.isvc(name)) }
            let old = try await client.get(Self.isvcs + "?watch=1&resourceVersion=1")
            #expect(old.status == 410)
            #expect(old.json?["reason"] == "Expired")
            let current = await store.resourceVersion
            let bookmarked = try await client.get(
                Self.isvcs + "?watch=1&allowWatchBookmarks=true&resourceVersion=\(current)&timeoutSeconds=1"
            )
            let events = bookmarked.text.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
            #expect(!events.isEmpty)
            #expect(events.allSatisfy { $0["type"] == "BOOKMARK" })
            #expect(events.first?["object"]?["metadata"]?["resourceVersion"] == .string(String(current)))
        }
    }
}
