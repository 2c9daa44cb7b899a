import Compute
import Core
import Testing

@testable import ONNX

/// Attributes of an ml opset 1/3 tree ensemble written node by node.
struct V3Ensemble {
    struct Node {
        var tree: Int64
        var id: Int64
        var mode: String
        var feature: Int64 = 0
        var value: Float = 0
        var yes: Int64 = 0
        var no: Int64 = 0
        var nanYes: Int64 = 0
    }

    struct Vote {
        var tree: Int64
        var node: Int64
        var target: Int64
        var weight: Float
    }

    var nodes: [Node]
    var votes: [Vote]

    /// The `nodes_*` and `<prefix>_*` attributes ("class" or "target").
    func attributes(prefix: String) -> [String: Attribute] {
        [
            "nodes_treeids": .ints(nodes.map(\.tree)),
            "nodes_nodeids": .ints(nodes.map(\.id)),
            "nodes_modes": MLHarness.strings(nodes.map(\.mode)),
            "nodes_featureids": .ints(nodes.map(\.feature)),
            "nodes_values": .floats(nodes.map(\.value)),
            "nodes_truenodeids": .ints(nodes.map(\.yes)),
            "nodes_falsenodeids": .ints(nodes.map(\.no)),
            "nodes_missing_value_tracks_true": .ints(nodes.map(\.nanYes)),
            "\(prefix)_treeids": .ints(votes.map(\.tree)),
            "\(prefix)_nodeids": .ints(votes.map(\.node)),
            "\(prefix)_ids": .ints(votes.map(\.target)),
            "\(prefix)_weights": .floats(votes.map(\.weight)),
        ]
    }
}

extension V3Ensemble.Node {
    static func branch(
        _ tree: Int64,
        _ id: Int64,
        _ mode: String,
        feature: Int64,
        value: Float,
        yes: Int64,
        no: Int64,
        nanYes: Int64 = 0
    ) -> Self {
        Self(tree: tree, id: id, mode: mode, feature: feature, value: value, yes: yes, no: no, nanYes: nanYes)
    }

    static func leaf(_ tree: Int64, _ id: Int64) -> Self { Self(tree: tree, id: id, mode: "LEAF") }
}

@Suite("TreeEnsembleClassifier")
struct MLTreeEnsembleClassifierTests {
    /// Two stumps whose leaves vote for class 0 only (how converters store a binary model):
    /// tree 0 `x0 <= 0.5 ? 0.2 : 0.5`, tree 1 `x1 < 1 ? 0.1 : 0.3`.
    static let classZeroOnly = V3Ensemble(
        nodes: [
            .branch(0, 0, "BRANCH_LEQ", feature: 0, value: 0.5, yes: 1, no: 2), .leaf(0, 1), .leaf(0, 2),
            .branch(1, 0, "BRANCH_LT", feature: 1, value: 1, yes: 1, no: 2), .leaf(1, 1), .leaf(1, 2),
        ],
        votes: [
            .init(tree: 0, node: 1, target: 0, weight: 0.2), .init(tree: 0, node: 2, target: 0, weight: 0.5),
            .init(tree: 1, node: 1, target: 0, weight: 0.1), .init(tree: 1, node: 2, target: 0, weight: 0.3),
        ]
    )
    /// Rows whose summed scores are 0.3, 0.8 and 0.5.
    static let rows = Tensor(shape: [3, 2], floats: [0, 0, 1, 2, 0.5, 1])

    static func classify(
        _ ensemble: V3Ensemble,
        _ extra: [String: Attribute],
        _ input: Tensor
    ) throws(KServeError) -> (labels: Tensor, scores: [Float]) {
        var attributes = ensemble.attributes(prefix: "class")
        attributes.merge(extra) { $1 }
        let outputs = try MLHarness.run("TreeEnsembleClassifier", attributes: attributes, inputs: [input], outputs: 2)
        return (outputs[0], MLHarness.floats(outputs[1]))
    }

    @Test("binary, weights only for class 0, NONE: the score is P(class 1), label when above 0.5")
    func binaryClassZeroNone() throws {
        let result = try Self.classify(Self.classZeroOnly, ["classlabels_int64s": .ints([10, 20])], Self.rows)
        #expect(result.labels == Tensor(shape: [3], int64s: [10, 20, 10]))
        #expect(MLHarness.close(result.scores, [0.7, 0.3, 0.2, 0.8, 0.5, 0.5]))
    }

    @Test("binary, weights only for class 0, LOGISTIC: [σ(-s), σ(s)], label still by s > 0.5")
    func binaryClassZeroLogistic() throws {
        let result = try Self.classify(
            Self.classZeroOnly,
            ["classlabels_int64s": .ints([10, 20]), "post_transform": MLHarness.string("LOGISTIC")],
            Self.rows
        )
        #expect(result.labels == Tensor(shape: [3], int64s: [10, 20, 10]))
        let expected: [Float] = [0.3, 0.8, 0.5].flatMap { [MLHarness.logistic(-$0), MLHarness.logistic($0)] }
        #expect(MLHarness.close(result.scores, expected))
    }

    @Test("binary with signed weights and one base value (a boosted model): margins, label when s > 0")
    func binarySignedWithBase() throws {
        let stump = V3Ensemble(
            nodes: [.branch(0, 0, "BRANCH_LEQ", feature: 0, value: 0, yes: 1, no: 2), .leaf(0, 1), .leaf(0, 2)],
            votes: [.init(tree: 0, node: 1, target: 0, weight: -0.4), .init(tree: 0, node: 2, target: 0, weight: 0.6)]
        )
        let input = Tensor(shape: [2, 1], floats: [-1, 1])
        let margins = try Self.classify(
            stump,
            ["classlabels_strings": MLHarness.strings(["no", "yes"]), "base_values": .floats([0.1])],
            input
        )
        #expect(MLHarness.labels(margins.labels) == ["no", "yes"])
        #expect(MLHarness.close(margins.scores, [0.3, -0.3, -0.7, 0.7]))
        let probabilities = try Self.classify(
            stump,
            [
                "classlabels_strings": MLHarness.strings(["no", "yes"]), "base_values": .floats([0.1]),
                "post_transform": MLHarness.string("LOGISTIC"),
            ],
            input
        )
        #expect(MLHarness.labels(probabilities.labels) == ["no", "yes"])
        let expected: [Float] = [
            MLHarness.logistic(0.3), MLHarness.logistic(-0.3), MLHarness.logistic(-0.7), MLHarness.logistic(0.7),
        ]
        #expect(MLHarness.close(probabilities.scores, expected))
    }

    @Test("three classes: summed votes plus base values, softmax, label of the best class")
    func multiclassSoftmax() throws {
        let tree = V3Ensemble(
            nodes: [.branch(0, 0, "BRANCH_LEQ", feature: 0, value: 0, yes: 1, no: 2), .leaf(0, 1), .leaf(0, 2)],
            votes: [
                .init(tree: 0, node: 1, target: 0, weight: 1), .init(tree: 0, node: 1, target: 1, weight: 2),
                .init(tree: 0, node: 2, target: 2, weight: 3),
            ]
        )
        let result = try Self.classify(
            tree,
            [
                "classlabels_strings": MLHarness.strings(["a", "b", "c"]), "base_values": .floats([0.5, 0, 0]),
                "post_transform": MLHarness.string("SOFTMAX"),
            ],
            Tensor(shape: [2, 1], floats: [-1, 1])
        )
        #expect(MLHarness.labels(result.labels) == ["b", "c"])
        func softmax(_ values: [Double]) -> [Float] {
            let exponentials = values.map { exp($0 - values.max()!) }
            let sum = exponentials.reduce(0, +)
            return exponentials.map { Float($0 / sum) }
        }
        #expect(MLHarness.close(result.scores, softmax([1.5, 2, 0]) + softmax([0.5, 0, 3])))
    }

    @Test("int64 and double inputs are scored like floats")
    func inputTypes() throws {
        let labels: [String: Attribute] = ["classlabels_int64s": .ints([10, 20])]
        let ints = try Self.classify(Self.classZeroOnly, labels, Tensor(shape: [2, 2], int64s: [0, 0, 1, 2]))
        #expect(ints.labels == Tensor(shape: [2], int64s: [10, 20]))
        let doubles = try Self.classify(
            Self.classZeroOnly,
            labels,
            Tensor(shape: [2, 2], storage: .double([0, 0, 1, 2]))
        )
        #expect(MLHarness.close(doubles.scores, [0.7, 0.3, 0.2, 0.8]))
    }

    @Test("a class id beyond the labels fails at load")
    func classOutOfRange() {
        var ensemble = Self.classZeroOnly
        ensemble.votes[0].target = 2
        var attributes = ensemble.attributes(prefix: "class")
        attributes["classlabels_int64s"] = .ints([10, 20])
        let error = MLHarness.error("TreeEnsembleClassifier", attributes: attributes, inputs: [Self.rows], outputs: 2)
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("class 2") == true)
    }
}

@Suite("TreeEnsembleRegressor")
struct MLTreeEnsembleRegressorTests {
    static func regress(
        _ ensemble: V3Ensemble,
        _ extra: [String: Attribute],
        _ input: Tensor
    ) throws(KServeError) -> Tensor {
        var attributes = ensemble.attributes(prefix: "target")
        attributes.merge(extra) { $1 }
        return try MLHarness.run("TreeEnsembleRegressor", attributes: attributes, inputs: [input])[0]
    }

    /// Tree 0 `x0 <= 0 ? 1 : 3`, tree 1 `x0 < 2 ? 10 : 20`.
    static let twoTrees = V3Ensemble(
        nodes: [
            .branch(0, 0, "BRANCH_LEQ", feature: 0, value: 0, yes: 1, no: 2), .leaf(0, 1), .leaf(0, 2),
            .branch(1, 0, "BRANCH_LT", feature: 0, value: 2, yes: 1, no: 2), .leaf(1, 1), .leaf(1, 2),
        ],
        votes: [
            .init(tree: 0, node: 1, target: 0, weight: 1), .init(tree: 0, node: 2, target: 0, weight: 3),
            .init(tree: 1, node: 1, target: 0, weight: 10), .init(tree: 1, node: 2, target: 0, weight: 20),
        ]
    )

    @Test("AVERAGE divides the sum by the tree count, then adds the base value")
    func average() throws {
        let output = try Self.regress(
            Self.twoTrees,
            ["n_targets": .int(1), "aggregate_function": MLHarness.string("AVERAGE"), "base_values": .floats([100])],
            Tensor(shape: [3, 1], floats: [-1, 1, 5])
        )
        #expect(output.shape == [3, 1])
        #expect(MLHarness.floats(output) == [105.5, 106.5, 111.5])
    }

    @Test("SUM, MIN and MAX over trees")
    func aggregates() throws {
        let input = Tensor(shape: [3, 1], floats: [-1, 1, 5])
        let sum = try Self.regress(Self.twoTrees, ["n_targets": .int(1)], input)
        #expect(MLHarness.floats(sum) == [11, 13, 23])
        let minimum = try Self.regress(
            Self.twoTrees,
            ["n_targets": .int(1), "aggregate_function": MLHarness.string("MIN")],
            input
        )
        #expect(MLHarness.floats(minimum) == [1, 3, 3])
        let maximum = try Self.regress(
            Self.twoTrees,
            ["n_targets": .int(1), "aggregate_function": MLHarness.string("MAX")],
            input
        )
        #expect(MLHarness.floats(maximum) == [10, 10, 20])
    }

    @Test("several targets: a target no leaf voted for is 0, even with a base value")
    func unreachedTarget() throws {
        let ensemble = V3Ensemble(
            nodes: [.branch(0, 0, "BRANCH_LEQ", feature: 0, value: 0, yes: 1, no: 2), .leaf(0, 1), .leaf(0, 2)],
            votes: [
                .init(tree: 0, node: 1, target: 0, weight: 1), .init(tree: 0, node: 1, target: 1, weight: 2),
                .init(tree: 0, node: 2, target: 0, weight: 5),
            ]
        )
        let output = try Self.regress(
            ensemble,
            ["n_targets": .int(2), "base_values": .floats([0.5, 0.25])],
            Tensor(shape: [2, 1], floats: [-1, 1])
        )
        #expect(output.shape == [2, 2])
        #expect(MLHarness.floats(output) == [1.5, 2.25, 5.5, 0])
    }

    @Test("a lone score takes only PROBIT among the transforms (as onnxruntime)")
    func singleTargetTransforms() throws {
        let input = Tensor(shape: [1, 1], floats: [-1])
        let logistic = try Self.regress(
            Self.twoTrees,
            ["n_targets": .int(1), "post_transform": MLHarness.string("LOGISTIC")],
            input
        )
        #expect(MLHarness.floats(logistic) == [11])
        let probit = try Self.regress(
            Self.twoTrees,
            ["n_targets": .int(1), "post_transform": MLHarness.string("PROBIT"), "base_values": .floats([-10.9])],
            input
        )
        // probit(0.1) = √2 · erf⁻¹(-0.8) ≈ -1.28155 (onnxruntime's approximation: -1.2817129)
        #expect(MLHarness.close(MLHarness.floats(probit), [-1.2817129], tolerance: 1e-4))
    }

    @Test("each comparison mode, and NaN: to the true branch only where missing values track true")
    func modesAndNaN() throws {
        // (mode, [x < t, x == t, x > t, NaN]) with t = 1: true branch scores 1, false branch 2.
        let cases: [(String, [Float])] = [
            ("BRANCH_LEQ", [1, 1, 2, 2]), ("BRANCH_LT", [1, 2, 2, 2]), ("BRANCH_GTE", [2, 1, 1, 2]),
            ("BRANCH_GT", [2, 2, 1, 2]), ("BRANCH_EQ", [2, 1, 2, 2]), ("BRANCH_NEQ", [1, 2, 1, 1]),
        ]
        let input = Tensor(shape: [4, 1], floats: [0, 1, 2, .nan])
        for (mode, expected) in cases {
            for nanYes: Int64 in [0, 1] {
                let stump = V3Ensemble(
                    nodes: [
                        .branch(0, 0, mode, feature: 0, value: 1, yes: 1, no: 2, nanYes: nanYes), .leaf(0, 1),
                        .leaf(0, 2),
                    ],
                    votes: [
                        .init(tree: 0, node: 1, target: 0, weight: 1), .init(tree: 0, node: 2, target: 0, weight: 2),
                    ]
                )
                let output = try Self.regress(stump, ["n_targets": .int(1)], input)
                var want = expected
                if nanYes == 1 { want[3] = 1 }
                #expect(MLHarness.floats(output) == want, "\(mode) nanYes=\(nanYes)")
            }
        }
    }

    @Test("a node reachable from itself fails at load")
    func cycle() {
        let cyclic = V3Ensemble(
            nodes: [
                .branch(0, 0, "BRANCH_LEQ", feature: 0, value: 0, yes: 1, no: 2),
                .branch(0, 1, "BRANCH_LEQ", feature: 0, value: 1, yes: 0, no: 2), .leaf(0, 2),
            ],
            votes: [.init(tree: 0, node: 2, target: 0, weight: 1)]
        )
        let error = MLHarness.error(
            "TreeEnsembleRegressor",
            attributes: cyclic.attributes(prefix: "target").merging(["n_targets": .int(1)]) { $1 },
            inputs: [Tensor(shape: [1, 1], floats: [0])]
        )
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("reachable from itself") == true)

        let selfLoop = V3Ensemble(
            nodes: [.branch(0, 0, "BRANCH_LEQ", feature: 0, value: 0, yes: 0, no: 1), .leaf(0, 1)],
            votes: [.init(tree: 0, node: 1, target: 0, weight: 1)]
        )
        #expect(throws: KServeError.self) {
            try MLHarness.make(
                "TreeEnsembleRegressor",
                attributes: selfLoop.attributes(prefix: "target").merging(["n_targets": .int(1)]) { $1 }
            )
        }
    }

    @Test("a subtree shared by two parents is not a cycle")
    func sharedSubtree() throws {
        let shared = V3Ensemble(
            nodes: [
                .branch(0, 0, "BRANCH_LEQ", feature: 0, value: 0, yes: 1, no: 2),
                .branch(0, 1, "BRANCH_LEQ", feature: 0, value: -5, yes: 3, no: 2), .leaf(0, 2), .leaf(0, 3),
            ],
            votes: [.init(tree: 0, node: 2, target: 0, weight: 7), .init(tree: 0, node: 3, target: 0, weight: 9)]
        )
        let output = try Self.regress(shared, ["n_targets": .int(1)], Tensor(shape: [3, 1], floats: [-9, -1, 1]))
        #expect(MLHarness.floats(output) == [9, 7, 7])
    }

    @Test("a child that does not exist, a repeated node and a negative feature fail at load")
    func malformed() {
        let input = [Tensor(shape: [1, 1], floats: [0])]
        func attributes(_ nodes: [V3Ensemble.Node]) -> [String: Attribute] {
            V3Ensemble(nodes: nodes, votes: [.init(tree: 0, node: 1, target: 0, weight: 1)])
                .attributes(prefix: "target").merging(["n_targets": .int(1)]) { $1 }
        }
        let missing = MLHarness.error(
            "TreeEnsembleRegressor",
            attributes: attributes([.branch(0, 0, "BRANCH_LEQ", feature: 0, value: 0, yes: 1, no: 7), .leaf(0, 1)]),
            inputs: input
        )
        #expect(missing?.code == .invalidInput)
        #expect(missing?.message.contains("false child 7 does not exist") == true)
        let repeated = MLHarness.error(
            "TreeEnsembleRegressor",
            attributes: attributes([
                .branch(0, 0, "BRANCH_LEQ", feature: 0, value: 0, yes: 1, no: 1), .leaf(0, 1), .leaf(0, 1),
            ]),
            inputs: input
        )
        #expect(repeated?.message.contains("defined twice") == true)
        let negative = MLHarness.error(
            "TreeEnsembleRegressor",
            attributes: attributes([.branch(0, 0, "BRANCH_LEQ", feature: -1, value: 0, yes: 1, no: 1), .leaf(0, 1)]),
            inputs: input
        )
        #expect(negative?.code == .invalidInput)
        let badMode = MLHarness.error(
            "TreeEnsembleRegressor",
            attributes: attributes([.branch(0, 0, "BRANCH_XX", feature: 0, value: 0, yes: 1, no: 1), .leaf(0, 1)]),
            inputs: input
        )
        #expect(badMode?.code == .invalidInput)
    }

    @Test("a feature beyond the input's width fails at run time, naming the feature count")
    func featureOutOfRange() throws {
        let ensemble = V3Ensemble(
            nodes: [.branch(0, 0, "BRANCH_LEQ", feature: 3, value: 0, yes: 1, no: 2), .leaf(0, 1), .leaf(0, 2)],
            votes: [.init(tree: 0, node: 1, target: 0, weight: 1), .init(tree: 0, node: 2, target: 0, weight: 2)]
        )
        let instance = try MLHarness.make(
            "TreeEnsembleRegressor",
            attributes: ensemble.attributes(prefix: "target").merging(["n_targets": .int(1)]) { $1 }
        )
        do {
            _ = try instance.run(
                OperatorInputs([Tensor(shape: [1, 2], floats: [0, 0])]),
                context: ExecutionContext(backend: ReferenceBackend())
            )
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains("feature 3") && error.message.contains("2 features"))
        }
        let wide = try instance.run(
            OperatorInputs([Tensor(shape: [1, 4], floats: [0, 0, 0, 1])]),
            context: ExecutionContext(backend: ReferenceBackend())
        )
        #expect(MLHarness.floats(wide[0]) == [2])
    }

    @Test("a large random forest scores like a plain recursive walk")
    func largeForest() throws {
        var generator = SplitMix(seed: 42)
        var nodes: [V3Ensemble.Node] = []
        var votes: [V3Ensemble.Vote] = []
        let features = 6
        for tree in Int64(0)..<60 {
            var next: Int64 = 0
            func grow(_ depth: Int) -> Int64 {
                let id = next
                next += 1
                if depth == 0 || generator.unit() < 0.1 {
                    nodes.append(.leaf(tree, id))
                    votes.append(.init(tree: tree, node: id, target: 0, weight: Float(generator.unit() * 2 - 1)))
                    return id
                }
                let index = nodes.count
                nodes.append(
                    .branch(
                        tree,
                        id,
                        "BRANCH_LEQ",
                        feature: Int64(generator.below(features)),
                        value: Float(generator.unit() * 2 - 1),
                        yes: 0,
                        no: 0,
                        nanYes: generator.unit() < 0.5 ? 1 : 0
                    )
                )
                nodes[index].yes = grow(depth - 1)
                nodes[index].no = grow(depth - 1)
                return id
            }
            _ = grow(8)
        }
        let rows = 300
        var values: [Float] = []
        for _ in 0..<(rows * features) {
            values.append(generator.unit() < 0.05 ? .nan : Float(generator.unit() * 2 - 1))
        }
        let output = try Self.regress(
            V3Ensemble(nodes: nodes, votes: votes),
            ["n_targets": .int(1)],
            Tensor(shape: [rows, features], floats: values)
        )
        var byKey: [[Int64]: V3Ensemble.Node] = [:]
        for node in nodes { byKey[[node.tree, node.id]] = node }
        var weights: [[Int64]: Float] = [:]
        for vote in votes { weights[[vote.tree, vote.node]] = vote.weight }
        var expected: [Float] = []
        for row in 0..<rows {
            var sum: Float = 0
            for tree in Int64(0)..<60 {
                var node = byKey[[tree, 0]]!
                while node.mode != "LEAF" {
                    let x = values[row * features + Int(node.feature)]
                    let yes = x <= node.value || (node.nanYes == 1 && x.isNaN)
                    node = byKey[[tree, yes ? node.yes : node.no]]!
                }
                sum += weights[[tree, node.id]]!
            }
            expected.append(sum)
        }
        #expect(MLHarness.floats(output) == expected)
    }
}

@Suite("TreeEnsemble (ml opset 5)")
struct MLTreeEnsembleV5Tests {
    /// One tree: node 0 `x0 ∈ set` → leaf 0 (target 0, weight 1) else leaf 1 (target 1, weight 2).
    static func membership(_ set: [Float], nanYes: Int64 = 0) -> [String: Attribute] {
        [
            "n_targets": .int(2), "tree_roots": .ints([0]), "nodes_featureids": .ints([0]),
            "nodes_modes": .tensor(Tensor(shape: [1], storage: .uint8([6]))),
            "nodes_splits": .tensor(Tensor(shape: [1], floats: [0])),
            "nodes_truenodeids": .ints([0]), "nodes_falsenodeids": .ints([1]), "nodes_trueleafs": .ints([1]),
            "nodes_falseleafs": .ints([1]), "nodes_missing_value_tracks_true": .ints([nanYes]),
            "leaf_targetids": .ints([0, 1]), "leaf_weights": .tensor(Tensor(shape: [2], floats: [1, 2])),
            "membership_values": .tensor(Tensor(shape: [set.count + 1], floats: set + [.nan])),
        ]
    }

    static func members(_ set: [Float], _ xs: [Float], nanYes: Int64 = 0) throws -> [Bool] {
        let output = try MLHarness.run(
            "TreeEnsemble",
            opset: 5,
            attributes: membership(set, nanYes: nanYes),
            inputs: [Tensor(shape: [xs.count, 1], floats: xs)]
        )[0]
        let values = MLHarness.floats(output)
        return (0..<xs.count).map { values[2 * $0] == 1 }
    }

    @Test("set membership: small non-negative sets by equality, other integer sets on the truncated feature")
    func membershipSemantics() throws {
        #expect(try Self.members([1, 2], [1, 1.5, 2, 3]) == [true, false, true, false])
        #expect(try Self.members([1.2, 3.7], [1.2, 1, 3.7]) == [true, false, true])
        // onnxruntime compares int32(x) with sets holding a negative value or one of 31 or more.
        #expect(try Self.members([3, 1, -1], [1.9, -1.5, 0.5, 2, 3.7]) == [true, true, false, false, true])
        #expect(try Self.members([40], [40.9, 41, 39.9]) == [true, false, false])
        #expect(try Self.members([1], [.nan]) == [false])
        #expect(try Self.members([1], [.nan], nanYes: 1) == [true])
    }

    @Test("a root whose two children are the same leaf is that lone leaf; double in, double out")
    func loneLeafDouble() throws {
        let attributes: [String: Attribute] = [
            "n_targets": .int(1), "tree_roots": .ints([0, 1]), "nodes_featureids": .ints([0, 0]),
            "nodes_modes": .tensor(Tensor(shape: [2], storage: .uint8([0, 0]))),
            "nodes_splits": .tensor(Tensor(shape: [2], storage: .double([0, 0.5]))),
            "nodes_truenodeids": .ints([0, 1]), "nodes_falsenodeids": .ints([0, 2]),
            "nodes_trueleafs": .ints([1, 1]), "nodes_falseleafs": .ints([1, 1]),
            "leaf_targetids": .ints([0, 0, 0]),
            "leaf_weights": .tensor(Tensor(shape: [3], storage: .double([0.25, 1, 2]))),
            "aggregate_function": .int(1),
        ]
        let output = try MLHarness.run(
            "TreeEnsemble",
            opset: 5,
            attributes: attributes,
            inputs: [Tensor(shape: [2, 1], storage: .double([0, 1]))]
        )[0]
        #expect(output.shape == [2, 1])
        #expect(output.storage == .double([1.25, 2.25]))
    }

    @Test("malformed: a child index beyond the nodes, a mode beyond 6, a cycle")
    func malformed() {
        var attributes = Self.membership([1])
        attributes["nodes_falseleafs"] = .ints([0])
        attributes["nodes_falsenodeids"] = .ints([4])
        let input = [Tensor(shape: [1, 1], floats: [0])]
        #expect(MLHarness.error("TreeEnsemble", opset: 5, attributes: attributes, inputs: input)?.code == .invalidInput)
        attributes = Self.membership([1])
        attributes["nodes_modes"] = .tensor(Tensor(shape: [1], storage: .uint8([9])))
        #expect(MLHarness.error("TreeEnsemble", opset: 5, attributes: attributes, inputs: input)?.code == .invalidInput)
        attributes = Self.membership([1])
        attributes["nodes_falseleafs"] = .ints([0])
        attributes["nodes_falsenodeids"] = .ints([0])
        let cycle = MLHarness.error("TreeEnsemble", opset: 5, attributes: attributes, inputs: input)
        #expect(cycle?.code == .invalidInput)
        #expect(cycle?.message.contains("reachable from itself") == true)
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// In [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
