import Compute
import Core
import Testing

@testable import ONNX

@Suite struct ShapeMovementTests {
    typealias Support = ShapeTestSupport

    @Test func sliceWithNegativeSteps() throws {
        let line = Support.floats([10])
        let every3 = try Support.output(
            "Slice",
            [line, Support.ints([-1]), Support.ints([Int64.min]), Support.ints([0]), Support.ints([-3])]
        )
        #expect(every3.values(Float.self) == [9, 6, 3, 0])
        // Out-of-range bounds clamp: the whole axis reversed.
        let reversed = try Support.output(
            "Slice",
            [line, Support.ints([20]), Support.ints([-20]), nil, Support.ints([-1])]
        )
        #expect(reversed.values(Float.self) == [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
        let grid = try Support.output(
            "Slice",
            [
                Support.floats([3, 4]), Support.ints([2, 3]), Support.ints([0, 0]), Support.ints([0, 1]),
                Support.ints([-1, -2]),
            ]
        )
        #expect(grid.shape == [2, 2])
        #expect(grid.values(Float.self) == [11, 9, 7, 5])
        let empty = try Support.output(
            "Slice",
            [line, Support.ints([2]), Support.ints([5]), nil, Support.ints([-1])]
        )
        #expect(empty.shape == [0])
    }

    @Test func sliceOpset1AttributesAndErrors() throws {
        let output = try Support.output(
            "Slice",
            opset: 1,
            [Support.floats([3, 4])],
            attributes: ["starts": .ints([1]), "ends": .ints([Int64.max]), "axes": .ints([1])]
        )
        #expect(output.shape == [3, 3])
        #expect(output.values(Float.self) == [1, 2, 3, 5, 6, 7, 9, 10, 11])
        let zeroStep = Support.failure(
            "Slice",
            [Support.floats([4]), Support.ints([0]), Support.ints([4]), nil, Support.ints([0])]
        )
        #expect(zeroStep?.code == .invalidInput)
        let repeated = Support.failure(
            "Slice",
            [Support.floats([4, 4]), Support.ints([0, 0]), Support.ints([1, 1]), Support.ints([0, -2])]
        )
        #expect(repeated?.code == .invalidInput)
    }

    @Test func gatherWithNegativeIndices() throws {
        let data = Support.floats([3, 2])
        let rows = try Support.output("Gather", [data, Support.ints([-1, 0])])
        #expect(rows.shape == [2, 2])
        #expect(rows.values(Float.self) == [4, 5, 0, 1])
        let columns = try Support.output(
            "Gather",
            [data, Tensor(shape: [2, 1], storage: .int32([1, -2]))],
            attributes: ["axis": .int(1)]
        )
        #expect(columns.shape == [3, 2, 1])
        #expect(columns.values(Float.self) == [1, 0, 3, 2, 5, 4])
        let scalar = try Support.output("Gather", [data, Tensor(shape: [], int64s: [1])])
        #expect(scalar.shape == [2])
        #expect(Support.failure("Gather", [data, Support.ints([3])])?.code == .invalidInput)
        #expect(Support.failure("Gather", [data, Support.ints([-4])])?.code == .invalidInput)
        let words = Support.strings([3], ["a", "b", "c"])
        let picked = try Support.output("Gather", [words, Support.ints([2, -3, 2])])
        #expect(picked == Support.strings([3], ["c", "a", "c"]))
    }

    @Test func gatherElementsAlongAnAxis() throws {
        let data = Support.floats([3, 3])
        let indices = Tensor(shape: [2, 3], int64s: [1, 2, 0, 2, 0, -3])
        let output = try Support.output("GatherElements", [data, indices])
        #expect(output.shape == [2, 3])
        #expect(output.values(Float.self) == [3, 7, 2, 6, 1, 2])
        let columns = try Support.output(
            "GatherElements",
            [data, Tensor(shape: [3, 1], int64s: [2, -1, 0])],
            attributes: ["axis": .int(1)]
        )
        #expect(columns.values(Float.self) == [2, 5, 6])
        #expect(Support.failure("GatherElements", [data, Tensor(shape: [1, 1], int64s: [3])])?.code == .invalidInput)
        #expect(
            Support.failure("GatherElements", [data, Tensor(shape: [1, 4], int64s: [0, 0, 0, 0])])?.code
                == .invalidInput
        )
        #expect(try Support.output("Size", [data]).values(Int64.self) == [9])
    }

    @Test func padModes() throws {
        let row = Tensor(shape: [1, 3], storage: .int32([1, 2, 3]))
        let pads = Support.ints([0, 2, 0, 1])
        func padded(_ mode: String, _ pads: Tensor = pads, value: Tensor? = nil) throws -> [Int32]? {
            try Support.output("Pad", [row, pads, value], attributes: ["mode": .string(Array(mode.utf8))])
                .values(Int32.self)
        }
        #expect(try padded("reflect") == [3, 2, 1, 2, 3, 2])
        #expect(try padded("edge") == [1, 1, 1, 2, 3, 3])
        #expect(try padded("wrap") == [2, 3, 1, 2, 3, 1])
        #expect(try padded("constant") == [0, 0, 1, 2, 3, 0])
        #expect(try padded("constant", value: Tensor(shape: [], storage: .int32([9]))) == [9, 9, 1, 2, 3, 9])
        // Reflection past the edge keeps folding back.
        #expect(try padded("reflect", Support.ints([0, 4, 0, 0])) == [1, 2, 3, 2, 1, 2, 3])
        // Negative pads crop.
        #expect(try padded("constant", Support.ints([0, -1, 0, 1])) == [2, 3, 0])
        let grid = try Support.output(
            "Pad",
            [Support.floats([2, 2]), Support.ints([1, 1]), nil, Support.ints([-2])],
            attributes: ["mode": .string(Array("reflect".utf8))]
        )
        #expect(grid.shape == [4, 2])
        #expect(grid.values(Float.self) == [2, 3, 0, 1, 2, 3, 0, 1])
        let old = try Support.output(
            "Pad",
            opset: 2,
            [Support.floats([2])],
            attributes: ["pads": .ints([1, 0]), "value": .float(-1)]
        )
        #expect(old.values(Float.self) == [-1, 0, 1])
        let words = try Support.output("Pad", [Support.strings([1], ["x"]), Support.ints([1, 1])])
        #expect(words == Support.strings([3], ["", "x", ""]))
        let overCrop = Support.failure("Pad", [row, Support.ints([0, -2, 0, -2])])
        #expect(overCrop?.code == .invalidInput)
    }

    @Test func transposeOfStrings() throws {
        let words = Support.strings([2, 3], ["a", "b", "c", "d", "e", "f"])
        let output = try Support.output("Transpose", [words])
        #expect(output == Support.strings([3, 2], ["a", "d", "b", "e", "c", "f"]))
        let permuted = try Support.output("Transpose", [words], attributes: ["perm": .ints([0, 1])])
        #expect(permuted == words)
        #expect(Support.failure("Transpose", [words], attributes: ["perm": .ints([0, 1, 2])])?.code == .invalidInput)
        #expect(Support.failure("Transpose", [words], attributes: ["perm": .ints([0, 0])])?.code == .invalidInput)
    }

    /// Every permutation of a 4-D tensor with sides past the tile size, against index arithmetic.
    @Test func transposeMatchesIndexArithmetic() throws {
        let shape = [3, 40, 1, 37]
        let data = Support.floats(shape)
        let strides = Tensor.strides(shape)
        for permutation in Self.permutations([0, 1, 2, 3]) {
            let output = try Support.output(
                "Transpose",
                [data],
                attributes: ["perm": .ints(permutation.map(Int64.init))]
            )
            let outputShape = permutation.map { shape[$0] }
            #expect(output.shape == outputShape)
            var expected: [Float] = []
            for a in 0..<outputShape[0] {
                for b in 0..<outputShape[1] {
                    for c in 0..<outputShape[2] {
                        for d in 0..<outputShape[3] {
                            let index = zip([a, b, c, d], permutation).reduce(0) { $0 + $1.0 * strides[$1.1] }
                            expected.append(Float(index))
                        }
                    }
                }
            }
            #expect(output.values(Float.self) == expected, "perm \(permutation)")
        }
        let flags = Tensor(
            shape: [2, 2, 3],
            storage: .bool([true, false, false, true, true, false, false, false, true, true, false, true])
        )
        let moved = try Support.output("Transpose", [flags], attributes: ["perm": .ints([2, 0, 1])])
        #expect(moved.shape == [3, 2, 2])
        #expect(moved.storage == .bool([true, true, false, true, false, true, false, false, false, false, true, true]))
    }

    static func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }

    @Test func concatAndSplitOfAnyType() throws {
        let left = Tensor(shape: [2, 1], storage: .bool([true, false]))
        let right = Tensor(shape: [2, 2], storage: .bool([false, false, true, true]))
        let joined = try Support.output("Concat", [left, right], attributes: ["axis": .int(-1)])
        #expect(joined.shape == [2, 3])
        #expect(joined.storage == .bool([true, false, false, false, true, true]))
        let mismatch = Support.failure("Concat", [left, Support.floats([2, 1])], attributes: ["axis": .int(1)])
        #expect(mismatch?.code == .invalidInput)
        let parts = try Support.run("Split", [Support.floats([7])], attributes: ["num_outputs": .int(4)], outputs: 4)
        #expect(parts.map(\.shape) == [[2], [2], [2], [1]])
        #expect(parts[3].values(Float.self) == [6])
        let words = Support.strings([2, 3], ["a", "b", "c", "d", "e", "f"])
        let columns = try Support.run(
            "Split",
            [words, Support.ints([1, 2])],
            attributes: ["axis": .int(1)],
            outputs: 2
        )
        #expect(columns[0] == Support.strings([2, 1], ["a", "d"]))
        #expect(columns[1] == Support.strings([2, 2], ["b", "c", "e", "f"]))
        let wrongSizes = Support.failure("Split", [words, Support.ints([1, 1])], attributes: ["axis": .int(1)])
        #expect(wrongSizes?.code == .invalidInput)
    }

    @Test func expandTileAndConstantOfShape() throws {
        let column = Tensor(shape: [3, 1], int64s: [1, 2, 3])
        let expanded = try Support.output("Expand", [column, Support.ints([2, 1, 2])])
        #expect(expanded.shape == [2, 3, 2])
        #expect(expanded.values(Int64.self) == [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3])
        let tiled = try Support.output("Tile", [Tensor(shape: [1, 2], int64s: [1, 2]), Support.ints([2, 3])])
        #expect(tiled.shape == [2, 6])
        #expect(tiled.values(Int64.self) == [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2])
        let filled = try Support.output(
            "ConstantOfShape",
            [Support.ints([2, 2])],
            attributes: ["value": .tensor(Tensor(shape: [1], storage: .int32([7])))]
        )
        #expect(filled.storage == .int32([7, 7, 7, 7]))
        let scalar = try Support.output("ConstantOfShape", [Tensor(shape: [0], int64s: [])])
        #expect(scalar.shape == [])
        #expect(scalar.storage == .float([0]))
    }

    @Test func rangeOfIntegersAndFloats() throws {
        let ints = try Support.output(
            "Range",
            [
                Tensor(shape: [], storage: .int32([10])), Tensor(shape: [], storage: .int32([4])),
                Tensor(shape: [], storage: .int32([-3])),
            ]
        )
        #expect(ints.storage == .int32([10, 7]))
        let floats = try Support.output(
            "Range",
            [Tensor(shape: [], floats: [1]), Tensor(shape: [], floats: [2]), Tensor(shape: [], floats: [0.25])]
        )
        #expect(floats.values(Float.self) == [1, 1.25, 1.5, 1.75])
        let none = try Support.output(
            "Range",
            [Tensor(shape: [], int64s: [5]), Tensor(shape: [], int64s: [1]), Tensor(shape: [], int64s: [1])]
        )
        #expect(none.shape == [0])
    }
}
