import Core
import Foundation
import Testing
import Trees

/// Corrupt, truncated and foreign model files: each must give an `.invalidInput` error naming the file (and the
/// tree and field where there is one), never a crash or a hang.
@Suite struct LightGBMLoadErrorTests {
    static let source = "model.txt"

    /// The text of a fixture model.
    static func fixtureText(_ name: String) throws -> String {
        try String(contentsOf: LightGBMFixture.directory.appendingPathComponent("\(name).txt"), encoding: .utf8)
    }

    /// `text` with the first line that starts with `prefix` replaced by `line` (or removed when `line` is nil).
    static func replacingFirstLine(_ text: String, startingWith prefix: String, with line: String?) throws -> String {
        var lines = text.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.hasPrefix(prefix) }, "no line starts with \(prefix)")
        if let line { lines[index] = line } else { lines.remove(at: index) }
        return lines.joined(separator: "\n")
    }

    /// Loads `text`, expecting an `.invalidInput` error whose message contains every string of `mentions`.
    static func expectRejected(
        _ text: String,
        mentioning mentions: [String],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        expectRejected(bytes: Array(text.utf8), mentioning: mentions, sourceLocation: sourceLocation)
    }

    static func expectRejected(
        bytes: [UInt8],
        mentioning mentions: [String],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try LightGBMModel.load(bytes: bytes, source: source)
            Issue.record("expected an error mentioning \(mentions)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .invalidInput, sourceLocation: sourceLocation)
            #expect(error.message.hasPrefix(source), "\(error.message)", sourceLocation: sourceLocation)
            for mention in mentions {
                #expect(error.message.contains(mention), "\(error.message)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func foreignFilesAreNotLightGBMModels() {
        let message = "not a LightGBM text model"
        Self.expectRejected("", mentioning: [message])
        Self.expectRejected(#"{"learner": {"gradient_booster": {}}, "version": [3, 2, 0]}"#, mentioning: [message])
        Self.expectRejected(bytes: [0x08, 0x07, 0x12, 0x00, 0xFF, 0xFE, 0x0A, 0x00], mentioning: [message])
        Self.expectRejected("tree\n", mentioning: ["truncated"])
    }

    @Test func everyTruncationBeforeTheEndOfTreesIsAnError() throws {
        let bytes = Array(try Self.fixtureText("categorical_binary").utf8)
        let end = try #require(String(decoding: bytes, as: UTF8.self).range(of: "end of trees")).lowerBound
        let limit = String(decoding: bytes, as: UTF8.self).utf8.distance(
            from: String(decoding: bytes, as: UTF8.self).startIndex,
            to: end
        )
        for cut in stride(from: 0, through: limit, by: 11) {
            #expect(throws: KServeError.self, "cut at \(cut)") {
                try LightGBMModel.load(bytes: Array(bytes[..<cut]), source: Self.source)
            }
        }
    }

    @Test func missingEndOfTrees() throws {
        let text = try Self.replacingFirstLine(Self.fixtureText("regression"), startingWith: "end of trees", with: nil)
        Self.expectRejected(text, mentioning: ["end of trees"])
        let cut = try #require(text.range(of: "\nfeature_importances:")).lowerBound
        Self.expectRejected(String(text[..<cut]), mentioning: ["truncated", "end of trees"])
    }

    @Test func arrayLengthsMustAgreeWithNumLeaves() throws {
        let text = try Self.fixtureText("regression")
        let shortLeaves = try Self.replacingFirstLine(text, startingWith: "leaf_value=", with: "leaf_value=1 2 3 4 5")
        Self.expectRejected(shortLeaves, mentioning: ["tree 0", "`leaf_value`", "5 values, expected 6"])
        let longSplits = try Self.replacingFirstLine(
            text,
            startingWith: "split_feature=",
            with: "split_feature=1 2 3 4 5 6"
        )
        Self.expectRejected(longSplits, mentioning: ["tree 0", "`split_feature`"])
        let hugeTree = try Self.replacingFirstLine(text, startingWith: "num_leaves=", with: "num_leaves=100000")
        Self.expectRejected(hugeTree, mentioning: ["tree 0", "expected 100000"])
        let absurd = try Self.replacingFirstLine(text, startingWith: "num_leaves=", with: "num_leaves=999999999999")
        Self.expectRejected(absurd, mentioning: ["tree 0", "`num_leaves`"])
        let noLeaves = try Self.replacingFirstLine(text, startingWith: "num_leaves=", with: nil)
        Self.expectRejected(noLeaves, mentioning: ["tree 0", "missing field `num_leaves`"])
    }

    @Test func childrenMustFormATree() throws {
        let text = try Self.fixtureText("regression")
        // Tree 0 is left_child=2 -2 -1 4 -3, right_child=1 3 -4 -5 -6.
        let cases: [(String, String, [String])] = [
            ("left_child=", "left_child=2 -2 -1 9 -3", ["`left_child`", "node 3 points to node 9"]),
            ("left_child=", "left_child=2 -2 -1 4 -7", ["`left_child`", "leaf 6"]),
            ("right_child=", "right_child=1 3 -4 -5 0", ["`right_child`", "node 0"]),
            ("left_child=", "left_child=2 -2 -1 4 -2", ["more than one parent"]),
        ]
        for (prefix, line, mentions) in cases {
            Self.expectRejected(
                try Self.replacingFirstLine(text, startingWith: prefix, with: line),
                mentioning: ["tree 0"] + mentions
            )
        }
        // Nodes 3 and 4 point at each other and nothing else reaches them: one parent each, but a cycle.
        let cycle = try Self.replacingFirstLine(text, startingWith: "right_child=", with: "right_child=1 -3 -4 -5 -6")
        Self.expectRejected(
            try Self.replacingFirstLine(cycle, startingWith: "left_child=", with: "left_child=2 -2 -1 4 3"),
            mentioning: ["tree 0", "not reachable from the root"]
        )
    }

    @Test func fieldValuesAreChecked() throws {
        let text = try Self.fixtureText("regression")
        let cases: [(String, String, [String])] = [
            ("split_feature=", "split_feature=2 8 3 10 4", ["`split_feature`", "feature 10", "has 10"]),
            ("split_feature=", "split_feature=2 8 3 -1 4", ["`split_feature`"]),
            ("threshold=", "threshold=0.1 0.2 abc 0.4 0.5", ["`threshold`", "value 2 is not a number", "abc"]),
            ("decision_type=", "decision_type=2 2 14 2 2", ["`decision_type`", "unknown decision type 14"]),
            ("leaf_value=", "leaf_value=1 2 3 x 5 6", ["`leaf_value`", "value 3"]),
            ("left_child=", "left_child=2 -2 -1 4 99999999999", ["`left_child`"]),
        ]
        for (prefix, line, mentions) in cases {
            Self.expectRejected(
                try Self.replacingFirstLine(text, startingWith: prefix, with: line),
                mentioning: ["tree 0"] + mentions
            )
        }
    }

    @Test func categoricalSplitsAreChecked() throws {
        let text = try Self.fixtureText("categorical_binary")
        // Tree 0 has num_cat=1 and node 3 is categorical (threshold 0).
        let badSet = try Self.replacingFirstLine(
            text,
            startingWith: "threshold=",
            with: "threshold=4.5000000000000009 14.500000000000002 3.5000000000000004 1 10.500000000000002"
        )
        Self.expectRejected(badSet, mentioning: ["tree 0", "`threshold`", "categorical node 3"])
        let badBounds = try Self.replacingFirstLine(text, startingWith: "cat_boundaries=", with: "cat_boundaries=0 3")
        Self.expectRejected(badBounds, mentioning: ["tree 0", "`cat_threshold`"])
        let falling = try Self.replacingFirstLine(text, startingWith: "cat_boundaries=", with: "cat_boundaries=2 0")
        Self.expectRejected(falling, mentioning: ["tree 0", "`cat_boundaries`"])
        let wideWord = try Self.replacingFirstLine(
            text,
            startingWith: "cat_threshold=",
            with: "cat_threshold=32779 4294967296"
        )
        Self.expectRejected(wideWord, mentioning: ["tree 0", "`cat_threshold`"])
    }

    @Test func headerIsChecked() throws {
        let text = try Self.fixtureText("regression")
        let cases: [(String, String?, [String])] = [
            ("objective=", "objective=regression_l7", ["unknown objective `regression_l7`"]),
            ("objective=", "objective=binary", ["`sigmoid:`"]),
            ("objective=", "objective=multiclass num_class:3", ["num_class=1"]),
            ("num_class=", nil, ["missing header field `num_class`"]),
            ("num_class=", "num_class=three", ["`num_class`"]),
            ("max_feature_idx=", "max_feature_idx=10", ["`feature_names`", "11 names"]),
            ("max_feature_idx=", nil, ["`max_feature_idx`"]),
            ("feature_names=", nil, ["`feature_names`"]),
            ("tree_sizes=", "tree_sizes=626 634", ["`tree_sizes` lists 2 trees but the file has 8"]),
        ]
        for (prefix, line, mentions) in cases {
            Self.expectRejected(
                try Self.replacingFirstLine(text, startingWith: prefix, with: line),
                mentioning: mentions
            )
        }
        let multiclass = try Self.fixtureText("multiclass")
        let cut = try #require(multiclass.range(of: "Tree=14\n")).lowerBound
        let missingTree = try Self.replacingFirstLine(
            String(multiclass[..<cut]) + "end of trees\n",
            startingWith: "tree_sizes=",
            with: nil
        )
        Self.expectRejected(missingTree, mentioning: ["14 trees is not a multiple of num_tree_per_iteration=3"])
    }

    @Test func errorsNameTheLine() throws {
        let text = try Self.replacingFirstLine(
            Self.fixtureText("regression"),
            startingWith: "threshold=",
            with: "threshold=x"
        )
        // The first threshold line is line 17 of the fixture.
        let line = try #require(text.components(separatedBy: "\n").firstIndex { $0 == "threshold=x" }) + 1
        Self.expectRejected(text, mentioning: ["\(Self.source):\(line): tree 0: `threshold`"])
    }

    /// Random byte edits of real models: loading either fails with `.invalidInput` or gives a model whose
    /// predictions have the promised shape.
    @Test(arguments: ["categorical_binary", "linear_tree", "multiclass_wine_nan", "zero_as_missing"])
    func randomCorruptionNeverCrashes(name: String) throws {
        let original = Array(try Self.fixtureText(name).utf8)
        var generator = LightGBMSplitMix64(seed: 0x5EED_0000 &+ UInt64(original.count))
        let alphabet = Array("0123456789-. =\nTreNa".utf8) + [0, 0xFF]
        var loaded = 0
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let position = Int(generator.next() % UInt64(bytes.count))
                bytes[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            do {
                let model = try LightGBMModel.load(bytes: bytes, source: Self.source)
                loaded += 1
                let rows = (0..<(3 * model.featureCount)).map { Double($0 % 7) - 2.5 }
                #expect(model.predict(rows: rows, rowCount: 3).count == 3 * model.outputsPerRow)
            } catch {
                #expect(error.code == .invalidInput)
            }
        }
        // Some edits land in numbers and leave a valid model; most do not.
        #expect(loaded > 0 && loaded < 300)
    }
}

/// A small deterministic generator for reproducible corruption.
private struct LightGBMSplitMix64: RandomNumberGenerator {
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
