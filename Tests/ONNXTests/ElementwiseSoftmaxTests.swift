import Compute
import Core
import Testing

@testable import ONNX

@Suite struct ElementwiseSoftmaxTests {
    typealias H = ElementwiseHarness

    /// Softmax of `values` as one vector, in Double.
    static func softmax(_ values: [Float]) -> [Float] {
        let largest = values.max() ?? 0
        let exps = values.map { exp(Double($0 - largest)) }
        let sum = exps.reduce(0, +)
        return exps.map { Float($0 / sum) }
    }

    let x = Tensor(shape: [2, 3, 4], floats: ElementwiseHarness.floats(24, seed: 7))

    @Test func fromOpset13TheDefaultIsTheLastAxis() throws {
        let values = x.values(Float.self) ?? []
        let result = try H.output("Softmax", opset: 13, [x])
        var expected: [Float] = []
        for row in 0..<6 { expected += Self.softmax(Array(values[(row * 4)..<(row * 4 + 4)])) }
        #expect(H.close(result.values(Float.self), expected))
    }

    @Test func beforeOpset13TheDefaultAxis1CoercesTo2D() throws {
        // Each of the 2 rows of 3 * 4 elements is one vector.
        let values = x.values(Float.self) ?? []
        let result = try H.output("Softmax", opset: 11, [x])
        let expected = Self.softmax(Array(values[0..<12])) + Self.softmax(Array(values[12..<24]))
        #expect(H.close(result.values(Float.self), expected))
        #expect(result.shape == [2, 3, 4])
    }

    @Test func fromOpset13AnInnerAxisNormalisesAlongItAlone() throws {
        let values = x.values(Float.self) ?? []
        let result = try H.output("Softmax", opset: 13, [x], attributes: ["axis": .int(1)])
        var expected = [Float](repeating: 0, count: 24)
        for outer in 0..<2 {
            for inner in 0..<4 {
                let indices = (0..<3).map { outer * 12 + $0 * 4 + inner }
                for (index, value) in zip(indices, Self.softmax(indices.map { values[$0] })) { expected[index] = value }
            }
        }
        #expect(H.close(result.values(Float.self), expected))
        // The same axis before opset 13 normalises the 3 * 4 trailing elements together.
        let coerced = try H.output("Softmax", opset: 12, [x], attributes: ["axis": .int(1)])
        #expect(
            H.close(
                coerced.values(Float.self),
                Self.softmax(Array(values[0..<12])) + Self.softmax(Array(values[12..<24]))
            )
        )
    }

    @Test func logSoftmaxOfLargeNumbersStaysFinite() throws {
        let large = Tensor(shape: [1, 4], floats: [10_000, 10_001, 10_002, 10_003])
        let result = try H.output("LogSoftmax", opset: 13, [large]).values(Float.self) ?? []
        let expected = Self.softmax([0, 1, 2, 3]).map { log($0) }
        #expect(H.close(result, expected, tolerance: 1e-5))
        let softmax = try H.output("Softmax", opset: 13, [large]).values(Float.self)
        #expect(H.close(softmax, Self.softmax([0, 1, 2, 3])))
    }

    @Test func doubleAndHalfPrecisionInputs() throws {
        let doubles = Tensor(shape: [2], storage: .double([0, Double(log(3.0))]))
        #expect(
            try H.output("Softmax", opset: 13, [doubles]).values(Double.self).map {
                $0.map { ($0 * 1e9).rounded() / 1e9 }
            } == [0.25, 0.75]
        )
        let halves = Tensor(shape: [2], storage: .bfloat16([0, 0].map { HalfPrecision.bf16Bits(Float($0)) }))
        let result = try H.output("Softmax", opset: 13, [halves])
        #expect(result.storage == .bfloat16([0.5, 0.5].map { HalfPrecision.bf16Bits(Float($0)) }))
    }

    @Test func axisOutOfRangeIsInvalidInput() {
        let error = #expect(throws: KServeError.self) {
            try H.output("Softmax", opset: 13, [x], attributes: ["axis": .int(3)])
        }
        #expect(error?.code == .invalidInput)
        let integers = #expect(throws: KServeError.self) {
            try H.output("Softmax", opset: 13, [Tensor(shape: [2], int64s: [1, 2])])
        }
        #expect(integers?.code == .invalidInput)
    }
}
