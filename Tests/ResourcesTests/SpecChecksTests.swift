import Core
import Resources
import Testing

/// ``SpecChecks`` on its own: both wordings of each problem, and what the client leaves to the server.
@Suite struct SpecChecksTests {
    private func object(_ yaml: String) throws -> Value {
        try YAMLParser.parse(yaml, source: "t.yaml")
    }

    private let isvcHeader = "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: m}\n"

    @Test func eachReasonHasAMessageAndAStatusMessage() throws {
        let value = try object(
            isvcHeader
                + "spec:\n  predictor:\n    minReplicas: two\n    model: {modelFormat: {}, protocolVersion: v3}\n"
        )
        let problems = SpecChecks.problems(value, kind: .inferenceService)
        #expect(
            problems.map(\.field) == [
                "spec.predictor.model.modelFormat.name", "spec.predictor.model.protocolVersion",
                "spec.predictor.minReplicas",
            ]
        )
        #expect(problems.map(\.reason) == [.required, .invalid, .typeInvalid])
        #expect(
            problems.map(\.reason.rawValue) == ["FieldValueRequired", "FieldValueInvalid", "FieldValueTypeInvalid"]
        )
        #expect(
            problems.map(\.message) == [
                "spec.predictor.model.modelFormat.name is required",
                "spec.predictor.model.protocolVersion \"v3\" is invalid: supported values: \"v1\", \"v2\", \"grpc-v1\", "
                    + "\"grpc-v2\"",
                "spec.predictor.minReplicas must be an integer, found a string",
            ]
        )
        #expect(
            problems.map(\.statusMessage) == [
                "Required value",
                "Invalid value: \"v3\": supported values: \"v1\", \"v2\", \"grpc-v1\", \"grpc-v2\"",
                "Invalid value: \"string\": spec.predictor.minReplicas in body must be of type integer",
            ]
        )
    }

    @Test func aDocumentThatIsNotAnObjectIsOneProblemOfTheWholeBody() {
        let problems = SpecChecks.problems(["a", "b"], kind: .trainedModel)
        #expect(problems.map(\.field) == [""])
        #expect(problems.map(\.message) == ["the object must be an object, found an array"])
        #expect(problems.map(\.statusMessage) == ["Invalid value: \"array\": body must be of type object"])
    }

    @Test func requiredFieldsAreTheServersCallExceptInsideAWrittenParent() throws {
        let noSpec = try object(isvcHeader)
        #expect(SpecChecks.problems(noSpec, kind: .inferenceService).map(\.field) == ["spec"])
        #expect(SpecChecks.problems(noSpec, kind: .inferenceService, requireFields: false).isEmpty)

        let noFormat = try object(isvcHeader + "spec: {predictor: {model: {storageUri: gs://b/m}}}\n")
        #expect(
            SpecChecks.problems(noFormat, kind: .inferenceService).map(\.field) == [
                "spec.predictor.model.modelFormat"
            ]
        )
        #expect(SpecChecks.problems(noFormat, kind: .inferenceService, requireFields: false).isEmpty)

        let noPredictor = try object(isvcHeader + "spec: {transformer: {containers: []}}\n")
        #expect(SpecChecks.problems(noPredictor, kind: .inferenceService).map(\.field) == ["spec.predictor"])
        #expect(SpecChecks.problems(noPredictor, kind: .inferenceService, requireFields: false).isEmpty)

        let tm = try object(
            "apiVersion: serving.kserve.io/v1alpha1\nkind: TrainedModel\nmetadata: {name: t}\nspec: {}\n"
        )
        #expect(SpecChecks.problems(tm, kind: .trainedModel).map(\.field) == ["spec.inferenceService", "spec.model"])
        #expect(SpecChecks.problems(tm, kind: .trainedModel, requireFields: false).isEmpty)
    }

    @Test func unknownFieldsAreLeftAlone() throws {
        let value = try object(
            isvcHeader + """
                spec:
                  predictor:
                    model: {modelFormat: {name: onnx, version: "1"}, storageUri: s3://b/m, newField: [1, {x: y}]}
                    nodeSelector: {gpu: "true"}
                    minReplicas: 0
                    maxReplicas: 0
                  transformer: {containers: [{name: t, image: i}]}
                  explainer: 42
                status: {anything: goes}

                """
        )
        #expect(SpecChecks.problems(value, kind: .inferenceService).isEmpty)
    }

    @Test func servingRuntimeFields() throws {
        let value = try object(
            """
            apiVersion: serving.kserve.io/v1alpha1
            kind: ServingRuntime
            metadata: {name: rt, labels: {"a.b/c": 1}}
            spec:
              supportedModelFormats:
              - {name: xgboost, priority: 0}
              - 7
              containers:
              - {image: kserve/xgbserver}
              disabled: maybe

            """
        )
        let problems = SpecChecks.problems(value, kind: .servingRuntime, requireFields: false)
        #expect(
            problems.map(\.message) == [
                "metadata.labels[\"a.b/c\"] must be a string, found an integer",
                "spec.supportedModelFormats[0].priority 0 is invalid: must be at least 1",
                "spec.supportedModelFormats[1] must be an object, found an integer",
                "spec.containers[0].name is required",
                "spec.disabled must be a boolean, found a string",
            ]
        )
    }

    @Test func trainedModelMemoryIsAQuantity() throws {
        func problems(_ memory: String) throws -> [String] {
            let value = try object(
                "apiVersion: serving.kserve.io/v1alpha1\nkind: TrainedModel\nmetadata: {name: t}\n"
                    + "spec: {inferenceService: Parent, model: {storageUri: s, framework: f, memory: \(memory)}}\n"
            )
            return SpecChecks.problems(value, kind: .trainedModel).map(\.message)
        }
        let parent =
            "spec.inferenceService \"Parent\" is invalid: a DNS-1035 label must consist of lower case alphanumeric "
            + "characters or '-', start with an alphabetic character, and end with an alphanumeric character "
            + "(e.g. 'my-name' or 'abc-123')"
        #expect(try problems("1Gi") == [parent])
        #expect(try problems("1073741824") == [parent])
        #expect(
            try problems("-1") == [
                parent, "spec.model.memory -1 is invalid: must be a quantity such as 256Mi or 1Gi",
            ]
        )
        #expect(try problems("true") == [parent, "spec.model.memory must be a string, found a boolean"])
    }
}
