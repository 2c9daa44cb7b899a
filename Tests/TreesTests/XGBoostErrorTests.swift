import Core
import Foundation
import Testing

@testable import Trees

/// Bad model files: each is a clear error naming the file and the field, never a crash or a hang.
extension XGBoostModelTests {
    /// A small valid model: one split on feature 1 at 0.5 (missing goes left) over two leaves.
    static let baseModel = """
        {"learner":{"attributes":{},"feature_names":[],"feature_types":[],"gradient_booster":{"model":{
        "gbtree_model_param":{"num_parallel_tree":"1","num_trees":"1"},"iteration_indptr":[0,1],"tree_info":[0],
        "trees":[{"base_weights":[0E0,-1E0,1E0],"categories":[],"categories_nodes":[],"categories_segments":[],
        "categories_sizes":[],"default_left":[1,0,0],"id":0,"left_children":[1,-1,-1],"loss_changes":[1E0,0E0,0E0],
        "parents":[2147483647,0,0],"right_children":[2,-1,-1],"split_conditions":[5E-1,-1E0,1E0],
        "split_indices":[1,0,0],"split_type":[0,0,0],"sum_hessian":[2E0,1E0,1E0],"tree_param":{"num_deleted":"0",
        "num_feature":"2","num_nodes":"3","size_leaf_vector":"1"}}]},"name":"gbtree"},"learner_model_param":{
        "base_score":"[5E-1]","boost_from_average":"1","num_class":"0","num_feature":"2","num_target":"1"},
        "objective":{"name":"reg:squarederror","reg_loss_param":{"scale_pos_weight":"1"}}},"version":[3,2,0]}
        """

    enum Step {
        case key(String)
        case index(Int)
    }

    static let tree: [Step] = [.key("learner"), .key("gradient_booster"), .key("model"), .key("trees"), .index(0)]
    static let parameters: [Step] = [.key("learner"), .key("learner_model_param")]

    /// `value` with the element at `path` replaced (or removed when `replacement` is nil).
    static func replacing(_ value: Value, at path: [Step], with replacement: Value?) -> Value? {
        guard let step = path.first else { return replacement }
        let rest = Array(path.dropFirst())
        switch (step, value) {
        case (.key(let key), .object(var object)):
            object[key] =
                object[key].flatMap { replacing($0, at: rest, with: replacement) }
                ?? (rest.isEmpty ? replacement : nil)
            return .object(object)
        case (.index(let index), .array(var array)):
            if let replaced = replacing(array[index], at: rest, with: replacement) {
                array[index] = replaced
            } else {
                array.remove(at: index)
            }
            return .array(array)
        default:
            return value
        }
    }

    /// The base model with each (path, value) edit applied, as JSON bytes.
    static func edited(_ edits: [([Step], Value?)]) throws -> [UInt8] {
        var document = try JSONParser.parse(baseModel)
        for (path, value) in edits {
            document = try #require(replacing(document, at: path, with: value))
        }
        return JSONWriter.bytes(document)
    }

    static func expectFailure(
        _ bytes: [UInt8],
        _ code: KServeError.Code,
        mentioning parts: [String],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        do {
            let model = try XGBoostModel.load(bytes: bytes, source: "bad.json")
            Issue.record("loaded a bad model: \(model.treeCount) trees", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
            #expect(error.message.hasPrefix("bad.json"), "\(error.message)", sourceLocation: sourceLocation)
            for part in parts {
                #expect(error.message.contains(part), "\(error.message)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func baseModelLoads() throws {
        let model = try XGBoostModel.load(bytes: Array(Self.baseModel.utf8), source: "base.json")
        #expect(model.featureCount == 2)
        #expect(model.treeCount == 1)
        #expect(model.task == .regression)
        #expect(try XGBoostModel.load(bytes: Self.edited([]), source: "base.json").forest.value == model.forest.value)
    }

    @Test func ubjsonIsUnsupported() throws {
        let bytes = Array(try Data(contentsOf: Self.fixtures.appendingPathComponent("ubjson.ubj")))
        #expect(bytes.first == UInt8(ascii: "{"))
        do {
            _ = try XGBoostModel.load(bytes: bytes, source: "model.ubj")
            Issue.record("UBJSON loaded")
        } catch {
            #expect(error.code == .unsupported)
            #expect(
                error.message == "model.ubj: UBJSON model files are not supported yet; save the model with a .json name"
            )
        }
        Self.expectFailure([0x62, 0x69, 0x6E, 0x66, 0x00, 0x01], .unsupported, mentioning: ["UBJSON"])
        Self.expectFailure(Array("tree\nversion=v4\n".utf8), .unsupported, mentioning: [".json"])
    }

    @Test func emptyAndMalformedFilesAreInvalid() throws {
        Self.expectFailure([], .invalidInput, mentioning: ["empty"])
        Self.expectFailure(Array(" \n\t".utf8), .invalidInput, mentioning: ["empty"])
        Self.expectFailure(Array("{\"learner\": }".utf8), .invalidInput, mentioning: ["1:13"])
        Self.expectFailure(Array("[1, 2]".utf8), .invalidInput, mentioning: ["the top level", "an object"])
        Self.expectFailure(Array("{}".utf8), .invalidInput, mentioning: ["learner: missing"])
    }

    /// Every prefix of a real model file is an `.invalidInput` error (checked at a spread of cut points).
    @Test func truncatedFilesAreInvalid() throws {
        let bytes = Array(try Data(contentsOf: Self.fixtures.appendingPathComponent("categorical.json")))
        var cut = 0
        while cut < bytes.count {
            Self.expectFailure(Array(bytes[..<cut]), .invalidInput, mentioning: [])
            cut += cut < 64 ? 1 : 97
        }
    }

    @Test func wrongTypesNameTheField() throws {
        let tree = Self.tree
        let parameters = Self.parameters
        Self.expectFailure(
            try Self.edited([(parameters + [.key("num_feature")], "two")]),
            .invalidInput,
            mentioning: ["learner.learner_model_param.num_feature", "\"two\""]
        )
        Self.expectFailure(
            try Self.edited([(tree + [.key("split_conditions"), .index(1)], "x")]),
            .invalidInput,
            mentioning: ["learner.gradient_booster.model.trees[0].split_conditions[1]", "a string"]
        )
        Self.expectFailure(
            try Self.edited([(tree + [.key("left_children")], .object([:]))]),
            .invalidInput,
            mentioning: ["trees[0].left_children", "expected an array"]
        )
        Self.expectFailure(
            try Self.edited([(tree + [.key("default_left"), .index(0)], 2)]),
            .invalidInput,
            mentioning: ["trees[0].default_left[0]", "0 or 1"]
        )
        Self.expectFailure(
            try Self.edited([(tree + [.key("split_indices"), .index(0)], 1.5)]),
            .invalidInput,
            mentioning: ["trees[0].split_indices[0]", "integer"]
        )
        Self.expectFailure(
            try Self.edited([(tree + [.key("split_indices")], nil)]),
            .invalidInput,
            mentioning: ["trees[0].split_indices: missing"]
        )
        Self.expectFailure(
            try Self.edited([([.key("learner"), .key("gradient_booster"), .key("model"), .key("trees")], "none")]),
            .invalidInput,
            mentioning: ["learner.gradient_booster.model.trees", "a string"]
        )
    }

    @Test func badTreeStructureIsInvalid() throws {
        let tree = Self.tree
        Self.expectFailure(
            try Self.edited([(tree + [.key("left_children"), .index(0)], 5)]),
            .invalidInput,
            mentioning: ["trees[0].left_children[0]", "5 is out of range -1...2"]
        )
        Self.expectFailure(
            try Self.edited([(tree + [.key("right_children"), .index(0)], -7)]),
            .invalidInput,
            mentioning: ["trees[0].right_children[0]", "out of range"]
        )
        // The root is its own child.
        Self.expectFailure(
            try Self.edited([(tree + [.key("left_children"), .index(0)], 0)]),
            .invalidInput,
            mentioning: ["trees[0].left_children[0]", "reached twice"]
        )
        // Node 1 points back at the root: a cycle.
        Self.expectFailure(
            try Self.edited([
                (tree + [.key("left_children")], [1, 0, -1]), (tree + [.key("right_children")], [2, 2, -1]),
            ]),
            .invalidInput,
            mentioning: ["trees[0].left_children[1]", "node 0 is reached twice"]
        )
        // Both children are the same node.
        Self.expectFailure(
            try Self.edited([(tree + [.key("right_children")], [1, -1, -1])]),
            .invalidInput,
            mentioning: ["trees[0].right_children[0]", "node 1 is reached twice"]
        )
        Self.expectFailure(
            try Self.edited([(tree + [.key("right_children")], [-1, -1, -1])]),
            .invalidInput,
            mentioning: ["trees[0].right_children[0]", "only one child"]
        )
        Self.expectFailure(
            try Self.edited([(tree + [.key("split_indices"), .index(0)], 2)]),
            .invalidInput,
            mentioning: ["trees[0].split_indices[0]", "feature 2", "2 features (num_feature)"]
        )
        Self.expectFailure(
            try Self.edited([(tree + [.key("tree_param"), .key("num_nodes")], "4")]),
            .invalidInput,
            mentioning: ["trees[0].left_children", "has 3 elements, expected 4"]
        )
        Self.expectFailure(
            try Self.edited([(tree + [.key("tree_param"), .key("num_nodes")], "0")]),
            .invalidInput,
            mentioning: ["trees[0].tree_param.num_nodes", "out of range"]
        )
    }

    /// A deep chain of nodes and unreachable (deleted) nodes are fine; only the reachable tree is kept.
    @Test func deepChainsAndUnreachableNodesLoad() throws {
        let depth = 2000
        var left: [Value] = []
        var right: [Value] = []
        var conditions: [Value] = []
        for node in 0..<(2 * depth + 1) {
            let isSplit = node % 2 == 0 && node < 2 * depth
            left.append(isSplit ? .int(Int64(node + 2)) : -1)
            right.append(isSplit ? .int(Int64(node + 1)) : -1)
            conditions.append(isSplit ? .double(Double(node)) : .double(Double(-node)))
        }
        let count = 2 * depth + 2  // the last node is unreachable
        left.append(-1)
        right.append(-1)
        conditions.append(9)
        let tree = Self.tree
        let bytes = try Self.edited([
            (tree + [.key("left_children")], .array(left)), (tree + [.key("right_children")], .array(right)),
            (tree + [.key("split_conditions")], .array(conditions)),
            (tree + [.key("split_indices")], .array(Array(repeating: 0, count: count))),
            (tree + [.key("default_left")], .array(Array(repeating: 0, count: count))),
            (tree + [.key("split_type")], .array(Array(repeating: 0, count: count))),
            (tree + [.key("tree_param"), .key("num_nodes")], .string(String(count))),
        ])
        let model = try XGBoostModel.load(bytes: bytes, source: "deep.json")
        #expect(model.forest.nodeCount == count - 1)
        // x = 1e9 goes right (to the odd leaf) at the root: leaf 1, value -1, plus base 0.5.
        #expect(model.predict(rows: [1e9, 0], rowCount: 1) == .float32([-0.5]))
        // x = -1 goes left all the way down to the last leaf 2 * depth.
        #expect(model.predict(rows: [-1, 0], rowCount: 1) == .float32([0.5 - Float(2 * depth)]))
    }

    @Test func learnerParametersAreChecked() throws {
        let parameters = Self.parameters
        let objective: [Step] = [.key("learner"), .key("objective"), .key("name")]
        let booster: [Step] = [.key("learner"), .key("gradient_booster")]
        Self.expectFailure(
            try Self.edited([(objective, "rank:pairwise")]),
            .unsupported,
            mentioning: ["learner.objective.name", "rank:pairwise", "binary:logistic"]
        )
        Self.expectFailure(
            try Self.edited([(booster + [.key("name")], "gblinear")]),
            .unsupported,
            mentioning: ["gblinear"]
        )
        Self.expectFailure(
            try Self.edited([(parameters + [.key("num_target")], "2")]),
            .unsupported,
            mentioning: ["num_target", "multi-target"]
        )
        Self.expectFailure(
            try Self.edited([(Self.tree + [.key("tree_param"), .key("size_leaf_vector")], "3")]),
            .unsupported,
            mentioning: ["size_leaf_vector"]
        )
        Self.expectFailure(
            try Self.edited([(parameters + [.key("num_class")], "3")]),
            .invalidInput,
            mentioning: ["num_class", "reg:squarederror"]
        )
        Self.expectFailure(
            try Self.edited([(parameters + [.key("num_class")], "99999999"), (objective, "multi:softprob")]),
            .invalidInput,
            mentioning: ["num_class", "out of range"]
        )
        Self.expectFailure(
            try Self.edited([(parameters + [.key("num_class")], "0"), (objective, "multi:softmax")]),
            .invalidInput,
            mentioning: ["num_class", "at least 1"]
        )
        Self.expectFailure(
            try Self.edited([(booster + [.key("model"), .key("tree_info")], [1])]),
            .invalidInput,
            mentioning: ["tree_info[0]", "out of range 0...0"]
        )
        Self.expectFailure(
            try Self.edited([(booster + [.key("model"), .key("gbtree_model_param"), .key("num_trees")], "2")]),
            .invalidInput,
            mentioning: ["num_trees", "says 2, but there are 1 trees"]
        )
        Self.expectFailure(
            try Self.edited([([.key("learner"), .key("feature_names")], ["a"])]),
            .invalidInput,
            mentioning: ["learner.feature_names", "1 names for 2 features"]
        )
    }

    @Test func badBaseScoresAreInvalid() throws {
        let score = Self.parameters + [.key("base_score")]
        let objective: [Step] = [.key("learner"), .key("objective"), .key("name")]
        for text in ["[abc]", "", "[]", "[5E-1,]", "nan", "[inf]", "0x"] {
            Self.expectFailure(try Self.edited([(score, .string(text))]), .invalidInput, mentioning: ["base_score"])
        }
        Self.expectFailure(
            try Self.edited([(score, "[1E0,2E0]")]),
            .invalidInput,
            mentioning: ["base_score", "2 values for 1 output groups"]
        )
        Self.expectFailure(
            try Self.edited([(score, "[-1E0]"), (objective, "binary:logistic")]),
            .invalidInput,
            mentioning: ["base_score", "[0, 1]"]
        )
        Self.expectFailure(
            try Self.edited([(score, "[0E0]"), (objective, "reg:gamma")]),
            .invalidInput,
            mentioning: ["base_score", "greater than 0"]
        )
        Self.expectFailure(try Self.edited([(score, nil)]), .invalidInput, mentioning: ["base_score: missing"])
        Self.expectFailure(try Self.edited([(score, .array([]))]), .invalidInput, mentioning: ["base_score"])
        // A plain JSON number is accepted as the scalar form.
        let number = try XGBoostModel.load(bytes: try Self.edited([(score, 0.25)]), source: "n.json")
        #expect(number.baseMargins == [0.25])
    }

    @Test func badCategoricalSplitsAreInvalid() throws {
        let tree = Self.tree
        let categorical: [([Step], Value?)] = [
            (tree + [.key("split_type")], [1, 0, 0]), (tree + [.key("categories_nodes")], [0]),
            (tree + [.key("categories_segments")], [0]), (tree + [.key("categories_sizes")], [2]),
            (tree + [.key("categories")], [3, 1]),
        ]
        let model = try XGBoostModel.load(bytes: try Self.edited(categorical), source: "c.json")
        #expect(model.forest.categorySets == [2, 1, 3])
        Self.expectFailure(
            try Self.edited([(tree + [.key("split_type")], [1, 0, 0])]),
            .invalidInput,
            mentioning: ["categories_nodes", "node 0 is a categorical split but has no categories"]
        )
        Self.expectFailure(
            try Self.edited(categorical + [(tree + [.key("categories_sizes")], [3])]),
            .invalidInput,
            mentioning: ["categories_sizes[0]", "out of range"]
        )
        Self.expectFailure(
            try Self.edited(categorical + [(tree + [.key("categories_segments")], [1])]),
            .invalidInput,
            mentioning: ["categories_sizes[0]", "runs past"]
        )
        Self.expectFailure(
            try Self.edited(categorical + [(tree + [.key("categories")], [3, -1])]),
            .invalidInput,
            mentioning: ["categories[1]", "out of range"]
        )
        Self.expectFailure(
            try Self.edited(categorical + [(tree + [.key("categories_nodes")], [7])]),
            .invalidInput,
            mentioning: ["categories_nodes[0]", "out of range"]
        )
        Self.expectFailure(
            try Self.edited(categorical + [(tree + [.key("split_type")], [2, 0, 0])]),
            .invalidInput,
            mentioning: ["split_type[0]", "out of range"]
        )
    }

    @Test func badDartWeightsAreInvalid() throws {
        var document = try JSONParser.parse(Self.baseModel)
        let booster = try #require(document["learner"]?["gradient_booster"])
        let dart: Value = ["name": "dart", "gbtree": booster, "weight_drop": [0.5, 0.25]]
        document = try #require(Self.replacing(document, at: [.key("learner"), .key("gradient_booster")], with: dart))
        Self.expectFailure(
            JSONWriter.bytes(document),
            .invalidInput,
            mentioning: ["learner.gradient_booster.weight_drop", "has 2 elements, expected 1"]
        )
        let weights: [Step] = [.key("learner"), .key("gradient_booster"), .key("weight_drop")]
        let good = try #require(Self.replacing(document, at: weights, with: [0.5]))
        let model = try XGBoostModel.load(bytes: JSONWriter.bytes(good), source: "dart.json")
        #expect(model.forest.treeWeight == [0.5])
        let missing = try #require(
            Self.replacing(document, at: [.key("learner"), .key("gradient_booster"), .key("gbtree")], with: nil)
        )
        Self.expectFailure(
            JSONWriter.bytes(missing),
            .invalidInput,
            mentioning: ["learner.gradient_booster.gbtree: missing"]
        )
    }

    /// Random damage to a real model file: loading either fails with a KServeError or gives a model that predicts
    /// (finite row count, right output count) without crashing.
    @Test func damagedFilesNeverCrash() throws {
        let original = Array(try Data(contentsOf: Self.fixtures.appendingPathComponent("categorical.json")))
        var generator = XGBoostSplitMix(seed: 0x5EED)
        let replacements = Array("0123456789-,[]{}\":.eE".utf8)
        var loaded = 0
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[position] = replacements[Int(generator.next() % UInt64(replacements.count))]
                case 1: bytes.remove(at: position)
                default: bytes.insert(replacements[Int(generator.next() % UInt64(replacements.count))], at: position)
                }
            }
            do {
                let model = try XGBoostModel.load(bytes: bytes, source: "damaged.json")
                loaded += 1
                var rows: [Double] = []
                for _ in 0..<(3 * model.featureCount) {
                    rows.append(Double(Int64(bitPattern: generator.next() % 41) - 20) / 2)
                }
                if !rows.isEmpty { rows[0] = .nan }
                #expect(model.predict(rows: rows, rowCount: 3).count == 3 * model.outputsPerRow)
            } catch {
                #expect(error.code == .invalidInput || error.code == .unsupported, "\(error.message)")
            }
        }
        #expect(loaded > 0)
    }
}

/// A small deterministic generator so damage tests repeat exactly.
struct XGBoostSplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
