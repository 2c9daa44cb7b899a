import Compute
import Core
import Testing

@testable import ONNX

@Suite struct ElementwiseArithmeticTests {
    typealias H = ElementwiseHarness

    @Test func integerDivisionTruncatesTowardZero() throws {
        let a = Tensor(shape: [4], storage: .int32([-3, 3, -3, 3]))
        let b = Tensor(shape: [4], storage: .int32([2, 2, -2, -2]))
        #expect(try H.output("Div", [a, b]).values(Int32.self) == [-1, 1, 1, -1])
        let large = Tensor(shape: [2], int64s: [-7, 7])
        #expect(try H.output("Div", [large, Tensor(shape: [], int64s: [2])]).values(Int64.self) == [-3, 3])
    }

    @Test func integerDivisionEdgeCasesDoNotTrap() throws {
        // min / -1 wraps as two's complement does; a zero divisor gives 0, as numpy's does.
        let a = Tensor(shape: [3], storage: .int8([-128, 5, 0]))
        let b = Tensor(shape: [3], storage: .int8([-1, 0, 0]))
        #expect(try H.output("Div", [a, b]).values(Int8.self) == [-128, 0, 0])
    }

    @Test func integerArithmeticWraps() throws {
        let a = Tensor(shape: [2], storage: .uint8([250, 3]))
        let b = Tensor(shape: [2], storage: .uint8([10, 5]))
        #expect(try H.output("Add", [a, b]).values(UInt8.self) == [4, 8])
        #expect(try H.output("Sub", [a, b]).values(UInt8.self) == [240, 254])
        #expect(try H.output("Mul", [a, b]).values(UInt8.self) == [196, 15])
    }

    @Test func floatDivisionFollowsIEEE() throws {
        let result = try H.output("Div", [Tensor(shape: [3], floats: [1, -1, 0]), Tensor(shape: [], floats: [0])])
        let values = result.values(Float.self) ?? []
        #expect(values.count == 3)
        #expect(values.first == .infinity)
        #expect(values.dropFirst().first == -.infinity)
        #expect(values.last?.isNaN == true)
    }

    @Test func powKeepsTheBaseTypeAcrossExponentTypes() throws {
        let ints = Tensor(shape: [3], storage: .int32([1, 2, 3]))
        let floatExponents = Tensor(shape: [3], floats: [4, 5, 6])
        #expect(try H.output("Pow", opset: 15, [ints, floatExponents]).values(Int32.self) == [1, 32, 729])
        let intExponents = Tensor(shape: [3], int64s: [3, -1, 2])
        let floats = Tensor(shape: [3], floats: [2, 4, -3])
        #expect(H.close(try H.output("Pow", opset: 15, [floats, intExponents]).values(Float.self), [8, 0.25, 9]))
        let base = Tensor(shape: [3], int64s: [2, -1, 5])
        #expect(try H.output("Pow", opset: 15, [base, intExponents]).values(Int64.self) == [8, -1, 25])
        let squared = try H.output("Pow", [Tensor(shape: [2], floats: [3, -1.5]), Tensor(shape: [], floats: [2])])
        #expect(squared.values(Float.self) == [9, 2.25])
    }

    @Test func clipTakesAttributesBeforeOpset11AndInputsAfter() throws {
        let x = Tensor(shape: [4], floats: [-2, 0.5, 3, .nan])
        let old = try H.output("Clip", opset: 6, [x], attributes: ["min": .float(0), "max": .float(1)])
        #expect(H.close(old.values(Float.self), [0, 0.5, 1, .nan]))
        let onlyMax = try H.output("Clip", opset: 13, [x, nil, Tensor(shape: [], floats: [1])])
        #expect(H.close(onlyMax.values(Float.self), [-2, 0.5, 1, .nan]))
        // min > max: everything becomes max.
        let crossed = try H.output(
            "Clip",
            opset: 13,
            [x, Tensor(shape: [], floats: [2]), Tensor(shape: [], floats: [1])]
        )
        #expect(H.close(crossed.values(Float.self), [1, 1, 1, .nan]))
        let bytes = Tensor(shape: [3], storage: .int8([-100, 0, 100]))
        let clipped = try H.output("Clip", opset: 13, [bytes, Tensor(shape: [], storage: .int8([-5])), nil])
        #expect(clipped.values(Int8.self) == [-5, 0, 100])
        let error = #expect(throws: KServeError.self) {
            try H.output("Clip", opset: 13, [x, Tensor(shape: [2], floats: [0, 1])])
        }
        #expect(error?.code == .invalidInput)
    }

    /// Float Relu runs eight lanes at a time: every lane position and the scalar tail agree with `x < 0 ? 0 : x`,
    /// NaN and -0 kept as numpy's maximum keeps them.
    @Test func floatReluInVectorsAndTail() throws {
        let specials: [Float] = [.nan, -0.0, -.infinity, .infinity, -1e-30, 1e-30, -3, 2]
        let values = (0..<21).map { specials[($0 * 5) % specials.count] }
        let result = try #require(try H.output("Relu", [Tensor(shape: [3, 7], floats: values)]).values(Float.self))
        let expected = values.map { $0 < 0 ? 0 : $0 }
        #expect(result.count == expected.count)
        for (got, want) in zip(result, expected) {
            #expect(got.bitPattern == want.bitPattern || (got.isNaN && want.isNaN), "\(got) vs \(want)")
        }
    }

    @Test func activations() throws {
        let x = Tensor(shape: [4], floats: [-2, -0.5, 0, 3])
        #expect(try H.output("Relu", [x]).values(Float.self) == [0, 0, 0, 3])
        #expect(
            H.close(
                try H.output("LeakyRelu", [x], attributes: ["alpha": .float(0.1)]).values(Float.self),
                [-0.2, -0.05, 0, 3]
            )
        )
        #expect(H.close(try H.output("LeakyRelu", [x]).values(Float.self), [-0.02, -0.005, 0, 3]))
        let sigmoid = try H.output("Sigmoid", [Tensor(shape: [3], floats: [-100, 0, 100])]).values(Float.self)
        #expect(H.close(sigmoid, [0, 0.5, 1]))
        let gelu = try H.output("Gelu", opset: 20, [x]).values(Float.self)
        #expect(H.close(gelu, [-0.045_500_26, -0.154_268_7, 0, 2.995_950_3], tolerance: 1e-5))
        let geluTanh = try H.output("Gelu", opset: 20, [x], attributes: ["approximate": .string(Array("tanh".utf8))])
        #expect(H.close(geluTanh.values(Float.self), [-0.045_402_3, -0.154_286, 0, 2.996_362_6], tolerance: 1e-5))
        #expect(try H.output("Neg", [Tensor(shape: [2], storage: .int32([3, -4]))]).values(Int32.self) == [-3, 4])
        #expect(try H.output("Abs", [Tensor(shape: [2], storage: .int16([-3, 4]))]).values(Int16.self) == [3, 4])
        let error = #expect(throws: KServeError.self) {
            try H.output("Gelu", opset: 20, [x], attributes: ["approximate": .string(Array("erf".utf8))])
        }
        #expect(error?.code == .unsupported)
    }

    @Test func transcendentalsRefuseIntegers() {
        let error = #expect(throws: KServeError.self) {
            try H.output("Exp", [Tensor(shape: [1], int64s: [1])])
        }
        #expect(error?.code == .invalidInput)
    }

    @Test func modFollowsTheDivisorOrTheDividend() throws {
        let a = Tensor(shape: [4], int64s: [-7, 7, -7, 7])
        let b = Tensor(shape: [4], int64s: [3, -3, -3, 3])
        #expect(try H.output("Mod", [a, b]).values(Int64.self) == [2, -2, -1, 1])
        #expect(try H.output("Mod", [a, b], attributes: ["fmod": .int(1)]).values(Int64.self) == [-1, 1, -1, 1])
    }

    @Test func variadicMaxPropagatesNaN() throws {
        let a = Tensor(shape: [3], floats: [1, .nan, 5])
        let b = Tensor(shape: [1], floats: [2])
        let c = Tensor(shape: [3], floats: [0, 0, 9])
        #expect(H.close(try H.output("Max", [a, b, c]).values(Float.self), [2, .nan, 9]))
        #expect(H.close(try H.output("Sum", [a, b, c]).values(Float.self), [3, .nan, 16]))
    }
}
