import Core
import Testing

@testable import Trees

/// Inputs found while fuzzing the model parsers (fuzz/, scripts/fuzz.sh, docs/fuzzing.md): each once crashed the
/// server or loaded a model it should not have.
@Suite struct FuzzRegressionTests {
    /// A single-leaf XGBoost model declaring `num_feature` 0. XGBoost refuses it ("0 feature is supplied"); loaded,
    /// a V2 request shaped `[N, 0]` with no data passed the shape check for any N and the executor allocated N
    /// outputs, so one request could exhaust memory and take the server down.
    @Test func xgboostZeroFeatureModelIsRefused() throws {
        let tree = XGBoostModelTests.tree
        let bytes = try XGBoostModelTests.edited([
            (XGBoostModelTests.parameters + [.key("num_feature")], "0"),
            (tree + [.key("tree_param"), .key("num_feature")], "0"),
            (tree + [.key("tree_param"), .key("num_nodes")], "1"),
            (tree + [.key("left_children")], [-1]),
            (tree + [.key("right_children")], [-1]),
            (tree + [.key("split_indices")], [0]),
            (tree + [.key("split_conditions")], [0.25]),
            (tree + [.key("default_left")], [0]),
            (tree + [.key("split_type")], [0]),
        ])
        XGBoostModelTests.expectFailure(
            bytes,
            .invalidInput,
            mentioning: ["learner.learner_model_param.num_feature", "0 is out of range 1..."]
        )
        // The same model with one feature loads: the refusal is about the count, not the single leaf.
        let oneFeature = try XGBoostModelTests.edited([
            (tree + [.key("tree_param"), .key("num_nodes")], "1"),
            (tree + [.key("left_children")], [-1]),
            (tree + [.key("right_children")], [-1]),
            (tree + [.key("split_indices")], [0]),
            (tree + [.key("split_conditions")], [0.25]),
            (tree + [.key("default_left")], [0]),
            (tree + [.key("split_type")], [0]),
            (XGBoostModelTests.parameters + [.key("num_feature")], "1"),
        ])
        let model = try XGBoostModel.load(bytes: oneFeature, source: "one.json")
        #expect(model.featureCount == 1)
        #expect(model.predict(rows: [.nan, 3], rowCount: 2) == .float32([0.75, 0.75]))
    }
}
