import Compute
import Core
import Testing

@testable import ONNX

/// BatchNormalization, LayerNormalization and Einsum against values worked out by hand.
struct NeuralNetworkNormalizationTests {
    typealias Harness = NeuralNetworkHarness

    static let channels = Tensor(shape: [1, 2, 1, 2], floats: [1, 2, 3, 4])

    @Test func batchNormalizationInference() {
        let result = Harness.floats(
            "BatchNormalization",
            opset: 15,
            attributes: ["epsilon": .float(0)],
            inputs: [
                Self.channels, Tensor(shape: [2], floats: [1, 2]), Tensor(shape: [2], floats: [0, 1]),
                Tensor(shape: [2], floats: [1.5, 3.5]), Tensor(shape: [2], floats: [0.25, 0.25]),
            ]
        )
        #expect(result.shape == [1, 2, 1, 2])
        #expect(result.values == [-1, 1, -1, 3])
    }

    @Test func batchNormalizationTraining() throws {
        let outputs = try Harness.run(
            "BatchNormalization",
            opset: 15,
            attributes: ["epsilon": .float(0), "training_mode": .int(1)],
            inputs: [
                Self.channels, Tensor(shape: [2], floats: [1, 2]), Tensor(shape: [2], floats: [0, 1]),
                Tensor(shape: [2], floats: [0, 0]), Tensor(shape: [2], floats: [1, 1]),
            ],
            outputs: 3
        )
        #expect(outputs.count == 3)
        Harness.expectClose(outputs[0].values(Float.self) ?? [], [-1, 1, -1, 3])
        Harness.expectClose(outputs[1].values(Float.self) ?? [], [0.15, 0.35])
        Harness.expectClose(outputs[2].values(Float.self) ?? [], [0.925, 0.925])
    }

    @Test func batchNormalizationErrors() {
        let two = Tensor(shape: [2], floats: [1, 1])
        let three = Tensor(shape: [3], floats: [1, 1, 1])
        #expect(
            Harness.error("BatchNormalization", inputs: [Self.channels, two, two, two, three])?.code == .invalidInput
        )
        #expect(Harness.error("BatchNormalization", inputs: [Self.channels, two, two, two])?.code == .invalidInput)
        #expect(
            Harness.error("BatchNormalization", opset: 7, attributes: ["spatial": .int(0)], inputs: [])?.code
                == .unsupported
        )
    }

    @Test func layerNormalizationWithStatistics() throws {
        let outputs = try Harness.run(
            "LayerNormalization",
            opset: 17,
            attributes: ["epsilon": .float(0)],
            inputs: [
                Tensor(shape: [2, 2], floats: [1, 3, 2, 6]), Tensor(shape: [2], floats: [1, 1]),
                Tensor(shape: [2], floats: [0, 0.5]),
            ],
            outputs: 3
        )
        #expect(outputs[0].values(Float.self) == [-1, 1.5, -1, 1.5])
        #expect(outputs[1].shape == [2, 1])
        #expect(outputs[1].values(Float.self) == [2, 4])
        #expect(outputs[2].values(Float.self) == [1, 0.5])
    }

    /// axis 0 normalises everything at once; Scale broadcasts from [2] to the normalised [2, 2].
    @Test func layerNormalizationOverEveryAxisWithBroadcastScale() throws {
        let outputs = try Harness.run(
            "LayerNormalization",
            opset: 17,
            attributes: ["epsilon": .float(0), "axis": .int(0)],
            inputs: [Tensor(shape: [2, 2], floats: [1, 1, 3, 3]), Tensor(shape: [2], floats: [1, 2])],
            outputs: 3
        )
        #expect(outputs[0].values(Float.self) == [-1, -2, 1, 2])
        #expect(outputs[1].shape == [1, 1])
        #expect(outputs[1].values(Float.self) == [2])
    }

    @Test func layerNormalizationErrors() {
        let x = Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])
        let scale = Tensor(shape: [3], floats: [1, 1, 1])
        #expect(
            Harness.error("LayerNormalization", opset: 17, attributes: ["axis": .int(2)], inputs: [x, scale])?.code
                == .invalidInput
        )
        let wrongScale = Tensor(shape: [2], floats: [1, 1])
        #expect(Harness.error("LayerNormalization", opset: 17, inputs: [x, wrongScale])?.code == .invalidInput)
        #expect(Harness.error("LayerNormalization", opset: 16, inputs: [x, scale])?.code == .unsupported)
    }

    static func einsum(_ equation: String, _ inputs: [Tensor]) -> (shape: [Int], values: [Float]) {
        Harness.floats("Einsum", opset: 12, attributes: ["equation": .string(Array(equation.utf8))], inputs: inputs)
    }

    @Test func einsumByHand() {
        let matrix = Tensor(shape: [2, 2], floats: [1, 2, 3, 4])
        let vector = Tensor(shape: [2], floats: [1, -1])
        #expect(Self.einsum("ij->ji", [matrix]).values == [1, 3, 2, 4])
        #expect(Self.einsum("ii->i", [matrix]).values == [1, 4])
        #expect(Self.einsum("ii", [matrix]).values == [5])
        #expect(Self.einsum("ij->", [matrix]).values == [10])
        #expect(Self.einsum("ij->i", [matrix]).values == [3, 7])
        #expect(Self.einsum("i,i", [vector, vector]).values == [2])
        #expect(Self.einsum("i,j->ij", [vector, vector]).values == [1, -1, -1, 1])
        #expect(Self.einsum("ij,j->i", [matrix, vector]).values == [-1, -1])
        #expect(Self.einsum("ij,jk", [matrix, matrix]).values == [7, 10, 15, 22])
        #expect(Self.einsum("ij,kj->ik", [matrix, matrix]).values == [5, 11, 11, 25])
        #expect(Self.einsum("ij,ij,ij->", [matrix, matrix, matrix]).values == [100])
        let scalar = Self.einsum("->", [Tensor(shape: [], floats: [3])])
        #expect(scalar.shape == [])
        #expect(scalar.values == [3])
    }

    /// Equations that take the matrix-product path give what the plain loop gives.
    @Test(arguments: [
        ("bij,bjk->bik", [[3, 2, 4], [3, 4, 5]]),
        ("bij,bkj->bki", [[2, 3, 4], [2, 5, 4]]),
        ("ji,jk->ki", [[4, 3], [4, 2]]),
        ("abc,cd->dba", [[2, 3, 4], [4, 5]]),
        ("bhqd,bhkd->bhqk", [[1, 2, 3, 4], [1, 2, 5, 4]]),
        ("...ij,...jk->...ik", [[2, 3, 4], [1, 4, 2]]),
        ("ij,jk->ik", [[3, 0], [0, 2]]),
        ("bi,bi->b", [[3, 4], [3, 4]]),
    ])
    func einsumProductMatchesTheLoop(equation: String, shapes: [[Int]]) throws {
        let inputs = shapes.enumerated().map { index, shape in
            Tensor(shape: shape, floats: Harness.random(shape.reduce(1, *), seed: UInt64(300 + index)))
        }
        let fast = Self.einsum(equation, inputs)
        let (terms, output) = try EinsumOperator.parse(equation)
        let plan = try EinsumOperator(terms: terms, output: output).plan(shapes)
        let loop = EinsumLoop.run(inputs.map { $0.values(Float.self) ?? [] }, shapes: shapes, plan)
        #expect(fast.shape == loop.shape)
        Harness.expectClose(fast.values, loop.values(Float.self) ?? [])
    }

    @Test func einsumOfIntegers() throws {
        let output = try Harness.run(
            "Einsum",
            opset: 12,
            attributes: ["equation": .string(Array("ij,jk->ik".utf8))],
            inputs: [Tensor(shape: [1, 2], int64s: [2, 3]), Tensor(shape: [2, 1], int64s: [4, 5])]
        )
        #expect(output[0].values(Int64.self) == [23])
    }

    @Test func einsumErrors() {
        let matrix = Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])
        let equation = { (text: String) -> [String: Attribute] in ["equation": .string(Array(text.utf8))] }
        #expect(
            Harness.error("Einsum", opset: 12, attributes: equation("ij,jk"), inputs: [matrix])?.code == .invalidInput
        )
        #expect(
            Harness.error("Einsum", opset: 12, attributes: equation("ijk"), inputs: [matrix])?.code == .invalidInput
        )
        #expect(
            Harness.error(
                "Einsum",
                opset: 12,
                attributes: equation("ij,ij"),
                inputs: [matrix, matrix.reshaped([3, 2])]
            )?
            .code == .invalidInput
        )
        #expect(Harness.error("Einsum", opset: 12, attributes: equation("i1"), inputs: [matrix])?.code == .invalidInput)
        #expect(
            Harness.error("Einsum", opset: 12, attributes: equation("ij->k"), inputs: [matrix])?.code == .invalidInput
        )
        #expect(
            Harness.error("Einsum", opset: 12, attributes: equation("ij->ii"), inputs: [matrix])?.code == .invalidInput
        )
        #expect(
            Harness.error("Einsum", opset: 12, attributes: equation("i..j"), inputs: [matrix])?.code == .invalidInput
        )
        #expect(Harness.error("Einsum", opset: 12, inputs: [matrix])?.code == .invalidInput)
    }
}
