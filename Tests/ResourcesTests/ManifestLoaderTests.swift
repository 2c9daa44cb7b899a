import Core
import Resources
import Testing

@Suite struct ManifestLoaderTests {
    static let inferenceService = """
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: sklearn-iris
          namespace: kserve-test
          annotations:
            serving.kserve.io/deploymentMode: Knative
        spec:
          predictor:
            minReplicas: 1
            maxReplicas: 3
            scaleMetric: concurrency
            scaleTarget: 10
            containerConcurrency: 20
            timeout: 60
            model:
              modelFormat: {name: sklearn, version: "1"}
              protocolVersion: v2
              runtime: kserve-sklearnserver
              storageUri: gs://kfserving-examples/models/sklearn/1.0/model
              resources:
                requests: {cpu: 100m, memory: 256Mi}
                limits: {cpu: "1", memory: 1Gi}

        """

    private func failure(_ text: String, source: String = "model.yaml") -> KServeError? {
        do {
            _ = try ManifestLoader.load(text, source: source)
            return nil
        } catch {
            return error
        }
    }

    @Test func realInferenceService() throws {
        let manifests = try ManifestLoader.load(Array(Self.inferenceService.utf8), source: "iris.yaml")
        let manifest = try #require(manifests.first)
        #expect(manifests.count == 1)
        #expect(manifest.resourceKind == .inferenceService)
        #expect(manifest.apiVersion == "serving.kserve.io/v1beta1")
        #expect(manifest.kind == "InferenceService")
        #expect(manifest.name == "sklearn-iris")
        #expect(manifest.namespace == "kserve-test")
        #expect(manifest.source == "iris.yaml")
        #expect(manifest.documentIndex == 0)
        #expect(manifest.itemIndex == nil)
        #expect(manifest.origin == "iris.yaml:1:1: document 1 (InferenceService \"sklearn-iris\")")
        #expect(
            manifest.origin(at: "spec.predictor.model.storageUri")
                == "iris.yaml:20:7: document 1 (InferenceService \"sklearn-iris\")"
        )
        #expect(manifest.location(of: "metadata.annotations") == Core.SourceLocation(line: 6, column: 3))
        let predictor = try #require(manifest.value["spec"]?["predictor"])
        #expect(predictor["minReplicas"] == 1)
        #expect(predictor["timeout"] == 60)
        #expect(predictor["model"]?["modelFormat"] == ["name": "sklearn", "version": "1"])
        #expect(predictor["model"]?["resources"]?["limits"] == ["cpu": "1", "memory": "1Gi"])
        #expect(predictor["model"]?["storageUri"] == "gs://kfserving-examples/models/sklearn/1.0/model")
        #expect(manifest.value["metadata"]?["annotations"]?["serving.kserve.io/deploymentMode"] == "Knative")
        #expect(manifest.namespace(orDefault: "default") == "kserve-test")
    }

    @Test func multipleDocumentsOfEveryKind() throws {
        let text = """
            # runtimes first
            apiVersion: serving.kserve.io/v1alpha1
            kind: ClusterServingRuntime
            metadata:
              name: kserve-sklearnserver
            spec:
              supportedModelFormats:
              - {name: sklearn, version: "1", autoSelect: true, priority: 1}
              protocolVersions: [v1, v2]
              containers:
              - name: kserve-container
                image: kserve/sklearnserver:latest
                args: ["--model_name={{.Name}}", --model_dir=/mnt/models, --http_port=8080]
            ---
            ---
            apiVersion: serving.kserve.io/v1alpha1
            kind: ServingRuntime
            metadata: {name: my.runtime-1, namespace: team-a}
            spec: {multiModel: false}
            ---
            \(Self.inferenceService)---
            apiVersion: serving.kserve.io/v1alpha1
            kind: TrainedModel
            metadata:
              name: iris.v2
            spec:
              inferenceService: sklearn-iris
              model: {storageUri: "gs://bucket/iris", framework: sklearn, memory: 256Mi}
            ...

            """
        let manifests = try ManifestLoader.load(text, source: "all.yaml")
        #expect(
            manifests.map(\.resourceKind) == [
                .clusterServingRuntime, .servingRuntime, .inferenceService, .trainedModel,
            ]
        )
        #expect(manifests.map(\.name) == ["kserve-sklearnserver", "my.runtime-1", "sklearn-iris", "iris.v2"])
        #expect(manifests.map(\.documentIndex) == [0, 2, 3, 4])
        #expect(manifests.map(\.namespace) == [nil, "team-a", "kserve-test", nil])
        #expect(manifests[0].namespace(orDefault: "default") == nil)
        #expect(manifests[3].namespace(orDefault: "default") == "default")
        #expect(manifests[0].value["spec"]?["supportedModelFormats"]?[0]?["autoSelect"] == true)
        #expect(manifests[0].value["spec"]?["containers"]?[0]?["args"]?[0] == "--model_name={{.Name}}")
        #expect(manifests[3].origin == "all.yaml:44:1: document 5 (TrainedModel \"iris.v2\")")
        #expect(manifests[0].origin == "all.yaml:2:1: document 1 (ClusterServingRuntime \"kserve-sklearnserver\")")
    }

    @Test func emptyInputsGiveNothing() throws {
        #expect(try ManifestLoader.load("", source: "empty.yaml").isEmpty)
        #expect(try ManifestLoader.load("# nothing here\n---\n", source: "empty.yaml").isEmpty)
    }

    @Test func jsonObject() throws {
        let json = """
            {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
             "metadata": {"name": "iris"}, "spec": {"predictor": {"minReplicas": 0, "scaleTarget": 1.0}}}
            """
        let manifests = try ManifestLoader.load(json, source: "iris.json")
        #expect(manifests.map(\.name) == ["iris"])
        #expect(manifests.first?.namespace == nil)
        #expect(manifests.first?.value["spec"]?["predictor"] == ["minReplicas": 0, "scaleTarget": 1.0])
    }

    @Test func jsonAndYAMLLists() throws {
        let json = """
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService", "metadata": {"name": "a"}},
              {"apiVersion": "serving.kserve.io/v1alpha1", "kind": "TrainedModel", "metadata": {"name": "b"}}
            ]}
            """
        let fromJSON = try ManifestLoader.load(json, source: "list.json")
        #expect(fromJSON.map(\.name) == ["a", "b"])
        #expect(fromJSON.map(\.itemIndex) == [0, 1])
        #expect(fromJSON[1].origin == "list.json:3:3: document 1, item 2 (TrainedModel \"b\")")

        let yaml = """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceServiceList
            items:
            - {apiVersion: serving.kserve.io/v1beta1, kind: InferenceService, metadata: {name: x}}

            """
        #expect(try ManifestLoader.load(yaml, source: "list.yaml").map(\.name) == ["x"])

        let array = """
            [{"apiVersion": "serving.kserve.io/v1alpha1", "kind": "ServingRuntime", "metadata": {"name": "r"}}]
            """
        #expect(try ManifestLoader.load(array, source: "array.json").map(\.resourceKind) == [.servingRuntime])
    }

    @Test func flowMappingThatIsNotJSONReadsAsYAML() throws {
        let text = "{apiVersion: serving.kserve.io/v1beta1, kind: InferenceService, metadata: {name: flow}}\n"
        #expect(try ManifestLoader.load(text, source: "flow.yaml").map(\.name) == ["flow"])
    }

    @Test func syntaxErrorsKeepTheirLocation() {
        #expect(
            failure("kind: InferenceService\nmetadata:\n  name: a\n\tspec: {}\n")?.message
                == "model.yaml:4:1: found a tab character that violates indentation "
                + "(while scanning a plain scalar at 3:9)"
        )
        #expect(
            failure("{\"kind\": \"InferenceService\",\n \"items\": [1, 2}", source: "bad.json")?.message
                == "bad.json:2:16: expected ',' or ']' in an array, found '}'"
        )
    }

    static let invalidDocuments: [(String, String)] = [
        ("- 1\n- [2]\n", "model.yaml:1:3: document 1, item 1: expected an object, found an integer"),
        ("just a string\n", "model.yaml:1:1: document 1: expected an object, found a string"),
        ("--- ~\n", "model.yaml:1:5: document 1: expected an object, found null"),
        (
            "apiVersion: serving.kserve.io/v1beta1\nmetadata: {name: a}\n",
            "model.yaml:1:1: document 1: kind is required"
        ),
        (
            "kind: InferenceService\nmetadata: {name: a}\n",
            "model.yaml:1:1: document 1 (InferenceService \"a\"): apiVersion is required"
        ),
        (
            "apiVersion: 1\nkind: InferenceService\nmetadata: {name: a}\n",
            "model.yaml:1:1: document 1 (InferenceService \"a\"): apiVersion must be a string, found an integer"
        ),
        ("kind: ''\napiVersion: v1\n", "model.yaml:1:1: document 1: kind must not be empty"),
        (
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
            "model.yaml:2:1: document 1 (ConfigMap \"a\"): kind \"ConfigMap\" is not supported "
                + "(supported kinds: InferenceService, TrainedModel, ServingRuntime, ClusterServingRuntime)"
        ),
        (
            "apiVersion: serving.kserve.io/v1alpha1\nkind: InferenceService\nmetadata: {name: a}\n",
            "model.yaml:1:1: document 1 (InferenceService \"a\"): apiVersion \"serving.kserve.io/v1alpha1\" does not "
                + "serve InferenceService; use serving.kserve.io/v1beta1"
        ),
        (
            "apiVersion: serving.kserve.io/v1beta1\nkind: TrainedModel\nmetadata: {name: a}\n",
            "model.yaml:1:1: document 1 (TrainedModel \"a\"): apiVersion \"serving.kserve.io/v1beta1\" does not "
                + "serve TrainedModel; use serving.kserve.io/v1alpha1"
        ),
        (
            "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\n",
            "model.yaml:1:1: document 1 (InferenceService): metadata.name is required"
        ),
        (
            "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: [a]\n",
            "model.yaml:3:1: document 1 (InferenceService): metadata must be an object, found an array"
        ),
        (
            "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {namespace: x}\n",
            "model.yaml:3:1: document 1 (InferenceService): metadata.name is required"
        ),
        (
            "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: 12}\n",
            "model.yaml:3:12: document 1 (InferenceService): metadata.name must be a string, found an integer"
        ),
        (
            "apiVersion: serving.kserve.io/v1alpha1\nkind: List\nitems: {}\n",
            "model.yaml:3:1: document 1 (List): items must be an array of objects"
        ),
    ]

    @Test(arguments: invalidDocuments)
    func invalidDocumentsAreNamed(input: String, message: String) throws {
        let error = try #require(failure(input))
        #expect(error.message == message)
        #expect(error.code == .invalidInput)
    }

    private func named(_ kind: ResourceKind, _ name: String, namespace: String? = nil) -> String {
        var text = "apiVersion: \(kind.apiVersion)\nkind: \(kind.kind)\nmetadata:\n  name: '\(name)'\n"
        if let namespace { text += "  namespace: '\(namespace)'\n" }
        return "---\nkind: ServingRuntime\napiVersion: serving.kserve.io/v1alpha1\nmetadata: {name: ok}\n---\n" + text
    }

    static let dns1035 =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
        + "character, and end with an alphanumeric character (e.g. 'my-name' or 'abc-123')"
    static let subdomain =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
        + "start and end with an alphanumeric character (e.g. 'example.com')"

    @Test func inferenceServiceNamesAreDNS1035Labels() throws {
        #expect(
            failure(named(.inferenceService, "X_Y"))?.message
                == "model.yaml:9:3: document 2 (InferenceService \"X_Y\"): metadata.name \"X_Y\" is not a valid "
                + "InferenceService name: \(Self.dns1035)"
        )
        for bad in ["1abc", "abc-", "-abc", "a.b", "Abc", "a_b", "ab c"] {
            #expect(failure(named(.inferenceService, bad))?.message.hasSuffix(Self.dns1035) == true, "\(bad)")
        }
        let long = String(repeating: "a", count: 64)
        #expect(
            failure(named(.inferenceService, long))?.message
                == "model.yaml:9:3: document 2 (InferenceService \"\(long)\"): metadata.name \"\(long)\" is not a valid "
                + "InferenceService name: must be no more than 63 characters"
        )
        for good in ["a", "a1", "my-model-2", String(repeating: "b", count: 63)] {
            #expect(try ManifestLoader.load(named(.inferenceService, good), source: "m").last?.name == good)
        }
    }

    @Test func otherNamesAreDNS1123Subdomains() throws {
        for good in ["1abc", "a.b", "iris.v2-0", "0", String(repeating: "a.", count: 126) + "a"] {
            #expect(try ManifestLoader.load(named(.trainedModel, good), source: "m").last?.name == good)
        }
        for bad in ["a..b", "a.-b", ".a", "a.", "A", "a_b", "-a"] {
            #expect(
                failure(named(.servingRuntime, bad))?.message
                    == "model.yaml:9:3: document 2 (ServingRuntime \"\(bad)\"): metadata.name \"\(bad)\" is not a valid "
                    + "ServingRuntime name: \(Self.subdomain)"
            )
        }
        let long = String(repeating: "a", count: 254)
        #expect(
            failure(named(.clusterServingRuntime, long))?.message.hasSuffix("must be no more than 253 characters")
                == true
        )
    }

    @Test func namespacesAreDNS1123Labels() throws {
        #expect(try ManifestLoader.load(named(.trainedModel, "m", namespace: ""), source: "m").last?.namespace == nil)
        #expect(
            try ManifestLoader.load(named(.trainedModel, "m", namespace: "9ns"), source: "m").last?.namespace == "9ns"
        )
        #expect(
            failure(named(.trainedModel, "m", namespace: "Team.A"))?.message
                == "model.yaml:10:3: document 2 (TrainedModel \"m\"): metadata.namespace \"Team.A\" is not a valid "
                + "namespace: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                + "and must start and end with an alphanumeric character (e.g. 'my-name' or '123-abc')"
        )
    }

    @Test func validatingAValueDirectly() throws {
        let value: Value = [
            "apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService", "metadata": ["name": "direct"],
        ]
        let manifest = try Manifest(validating: value, source: "request body")
        #expect(manifest.name == "direct")
        #expect(manifest.value == value)
        #expect(manifest.origin == "request body: document 1 (InferenceService \"direct\")")
    }
}
