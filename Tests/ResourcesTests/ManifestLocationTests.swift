import Core
import Resources
import Testing

/// Each class of manifest error starts with `FILE:LINE:COLUMN:` of the field it names.
@Suite struct ManifestLocationTests {
    /// A ServingRuntime, then an InferenceService (document 2) whose lines the cases below replace.
    static let lines = [
        "apiVersion: serving.kserve.io/v1alpha1",  // 1
        "kind: ServingRuntime",  // 2
        "metadata: {name: rt}",  // 3
        "---",  // 4
        "# the model",  // 5
        "apiVersion: serving.kserve.io/v1beta1",  // 6
        "kind: InferenceService",  // 7
        "metadata:",  // 8
        "  name: iris",  // 9
        "  labels: {app: demo}",  // 10
        "spec:",  // 11
        "  predictor:",  // 12
        "    minReplicas: 1",  // 13
        "    maxReplicas: 3",  // 14
        "    scaleMetric: concurrency",  // 15
        "    model:",  // 16
        "      modelFormat:",  // 17
        "        name: xgboost",  // 18
        "      storageUri: gs://bucket/iris",  // 19
        "      protocolVersion: v2",  // 20
        "    someFieldKServeAddsLater: {any: thing}",  // 21
    ]

    /// The document with `changes` (line number to new text; nil removes the line).
    static func document(_ changes: [Int: String?] = [:]) -> String {
        var text = ""
        for (offset, line) in lines.enumerated() {
            if let change = changes[offset + 1] {
                if let change { text += change + "\n" }
            } else {
                text += line + "\n"
            }
        }
        return text
    }

    private func message(_ text: String, source: String = "m.yaml") throws -> String {
        do {
            let loaded = try ManifestLoader.load(text, source: source)
            Issue.record("expected an error, loaded \(loaded.map(\.name))")
            return ""
        } catch {
            #expect(error.code == .invalidInput)
            return error.message
        }
    }

    static let isvc = "document 2 (InferenceService \"iris\")"

    static let cases: [(changes: [Int: String?], message: String)] = [
        (
            [7: "kind: InferenceServise"],
            "m.yaml:7:1: document 2 (InferenceServise \"iris\"): kind \"InferenceServise\" is not supported "
                + "(supported kinds: InferenceService, TrainedModel, ServingRuntime, ClusterServingRuntime)"
        ),
        (
            [6: "apiVersion: serving.kserve.io/v1"],
            "m.yaml:6:1: \(isvc): apiVersion \"serving.kserve.io/v1\" does not serve InferenceService; "
                + "use serving.kserve.io/v1beta1"
        ),
        ([9: nil], "m.yaml:8:1: document 2 (InferenceService): metadata.name is required"),
        ([8: nil, 9: nil, 10: nil], "m.yaml:6:1: document 2 (InferenceService): metadata.name is required"),
        (
            [9: "  name: Iris_1"],
            "m.yaml:9:3: document 2 (InferenceService \"Iris_1\"): metadata.name \"Iris_1\" is not a valid "
                + "InferenceService name: a DNS-1035 label must consist of lower case alphanumeric characters or "
                + "'-', start with an alphabetic character, and end with an alphanumeric character "
                + "(e.g. 'my-name' or 'abc-123')"
        ),
        ([10: "  labels: {app: 1}"], "m.yaml:10:12: \(isvc): metadata.labels.app must be a string, found an integer"),
        (
            [17: "      modelFormat: xgboost", 18: nil],
            "m.yaml:17:7: \(isvc): spec.predictor.model.modelFormat must be an object, found a string"
        ),
        (
            [18: "        version: \"1\""],
            "m.yaml:17:7: \(isvc): spec.predictor.model.modelFormat.name is required"
        ),
        (
            [18: "        name: 1"],
            "m.yaml:18:9: \(isvc): spec.predictor.model.modelFormat.name must be a string, found an integer"
        ),
        (
            [13: "    minReplicas: \"two\""],
            "m.yaml:13:5: \(isvc): spec.predictor.minReplicas must be an integer, found a string"
        ),
        (
            [14: "    maxReplicas: -1"],
            "m.yaml:14:5: \(isvc): spec.predictor.maxReplicas -1 is invalid: must be greater than or equal to 0"
        ),
        (
            [13: "    minReplicas: 5"],
            "m.yaml:14:5: \(isvc): spec.predictor.maxReplicas 3 is invalid: MaxReplicas cannot be less than "
                + "MinReplicas"
        ),
        (
            [15: "    scaleMetric: qps"],
            "m.yaml:15:5: \(isvc): spec.predictor.scaleMetric \"qps\" is invalid: supported values: \"cpu\", "
                + "\"memory\", \"concurrency\", \"rps\""
        ),
        (
            [19: "      storageUri: 3"],
            "m.yaml:19:7: \(isvc): spec.predictor.model.storageUri must be a string, found an integer"
        ),
        (
            [20: "      protocolVersion: v3"],
            "m.yaml:20:7: \(isvc): spec.predictor.model.protocolVersion \"v3\" is invalid: supported values: "
                + "\"v1\", \"v2\", \"grpc-v1\", \"grpc-v2\""
        ),
        (
            [21: "    xgboost: {storageUri: gs://b/m}"],
            "m.yaml:12:3: \(isvc): spec.predictor is invalid: exactly one predictor may be specified, found model, "
                + "xgboost"
        ),
    ]

    @Test(arguments: cases)
    func errorsNameTheLineOfTheField(changes: [Int: String?], expected: String) throws {
        #expect(try message(Self.document(changes)) == expected)
    }

    @Test func theValidDocumentLoadsWithItsUnknownFields() throws {
        let manifests = try ManifestLoader.load(Self.document(), source: "m.yaml")
        let manifest = try #require(manifests.last)
        #expect(manifests.map(\.name) == ["rt", "iris"])
        #expect(manifest.value["spec"]?["predictor"]?["someFieldKServeAddsLater"] == ["any": "thing"])
        #expect(manifest.origin == "m.yaml:4:1: \(Self.isvc)")
        #expect(manifest.origin(at: "spec.predictor.model.storageUri") == "m.yaml:19:7: \(Self.isvc)")
        #expect(manifest.origin(at: "metadata.namespace") == "m.yaml:8:1: \(Self.isvc)")
        #expect(manifests.first?.location(of: "metadata.name") == Core.SourceLocation(line: 3, column: 12))
    }

    @Test func trainedModelFields() throws {
        func trainedModel(parent: String = "iris", memory: String = "256Mi") -> String {
            """
            apiVersion: serving.kserve.io/v1alpha1
            kind: TrainedModel
            metadata:
              name: iris-v2
            spec:
              inferenceService: \(parent)
              model:
                storageUri: gs://bucket/iris-v2
                framework: xgboost
                memory: \(memory)

            """
        }
        let tm = "document 1 (TrainedModel \"iris-v2\")"
        #expect(try ManifestLoader.load(trainedModel(), source: "tm.yaml").map(\.name) == ["iris-v2"])
        #expect(try ManifestLoader.load(trainedModel(memory: "1073741824"), source: "tm.yaml").count == 1)
        #expect(
            try message(trainedModel(parent: "7"), source: "tm.yaml")
                == "tm.yaml:6:3: \(tm): spec.inferenceService must be a string, found an integer"
        )
        #expect(
            try message(trainedModel(memory: "lots"), source: "tm.yaml")
                == "tm.yaml:10:5: \(tm): spec.model.memory \"lots\" is invalid: must be a quantity such as 256Mi "
                + "or 1Gi"
        )
        #expect(
            try message(trainedModel(memory: "[1]"), source: "tm.yaml")
                == "tm.yaml:10:5: \(tm): spec.model.memory must be a string, found an array"
        )
    }

    @Test func listItemsNameTheirItemAndLine() throws {
        let text = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: serving.kserve.io/v1beta1
              kind: InferenceService
              metadata: {name: a}
            - apiVersion: serving.kserve.io/v1beta1
              kind: InferenceService
              metadata: {name: b}
              spec:
                predictor:
                  model: {modelFormat: {name: xgboost}, storageUri: [gs://b]}

            """
        #expect(
            try message(text, source: "list.yaml")
                == "list.yaml:12:45: document 1, item 2 (InferenceService \"b\"): spec.predictor.model.storageUri "
                + "must be a string, found an array"
        )
        let missing = """
            - apiVersion: serving.kserve.io/v1beta1
              kind: InferenceService
              metadata: {name: a}
            - kind: TrainedModel

            """
        #expect(
            try message(missing, source: "array.yaml")
                == "array.yaml:4:3: document 1, item 2 (TrainedModel): apiVersion is required"
        )
    }

    @Test func jsonInputNamesLines() throws {
        let json = """
            {
              "apiVersion": "serving.kserve.io/v1beta1",
              "kind": "InferenceService",
              "metadata": {"name": "iris"},
              "spec": {
                "predictor": {
                  "minReplicas": "two"
                }
              }
            }
            """
        #expect(
            try message(json, source: "iris.json")
                == "iris.json:7:7: document 1 (InferenceService \"iris\"): spec.predictor.minReplicas must be an "
                + "integer, found a string"
        )
        let list = """

              [{"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService", "metadata": {"name": "a"}},
               {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService", "metadata": {"name": "B"}}]
            """
        #expect(
            try message(list, source: "list.json").hasPrefix(
                "list.json:3:89: document 1, item 2 (InferenceService \"B\"): metadata.name \"B\" is not a valid"
            )
        )
    }

    /// libyaml limits a flow key to 1024 characters; JSON with a longer one still loads, and its errors name the
    /// document's start.
    @Test func jsonThatLibyamlCannotReadKeepsTheStart() throws {
        let key = String(repeating: "k", count: 1100)
        let json = """

             {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
              "metadata": {"name": "iris", "annotations": {"\(key)": "v"}},
              "spec": {"predictor": {"minReplicas": "two"}}}
            """
        #expect(throws: KServeError.self) { try YAMLParser.parseStream(Array(json.utf8), source: "long.json") }
        #expect(
            try message(json, source: "long.json")
                == "long.json:2:2: document 1 (InferenceService \"iris\"): spec.predictor.minReplicas must be an "
                + "integer, found a string"
        )
    }

    @Test func crlfManifests() throws {
        let text = Self.document([13: "    minReplicas: [1]"]).split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "\r\n")
        #expect(
            try message(text)
                == "m.yaml:13:5: \(Self.isvc): spec.predictor.minReplicas must be an integer, found an array"
        )
    }

    @Test func aValueWithoutTextHasNoLine() throws {
        let value: Value = [
            "apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService", "metadata": ["name": "direct"],
            "spec": ["predictor": ["minReplicas": "two"]],
        ]
        #expect(throws: KServeError.self) { try Manifest(validating: value, source: "request body") }
        do {
            _ = try Manifest(validating: value, source: "request body")
        } catch {
            #expect(
                error.message
                    == "request body: document 1 (InferenceService \"direct\"): spec.predictor.minReplicas must be "
                    + "an integer, found a string"
            )
        }
    }
}
