import Compute
import Core
import Testing

@testable import ONNX

@Suite struct ElementwiseCastTests {
    typealias H = ElementwiseHarness

    static func to(_ type: ElementType) -> [String: Attribute] { ["to": .int(Int64(type.rawValue))] }

    @Test func nanAndInfinityToIntegersSaturateWithNaNAsZero() throws {
        let x = Tensor(shape: [7], floats: [.nan, .infinity, -.infinity, 3.7, -3.7, 1e20, -1e20])
        let int32 = try H.output("Cast", opset: 21, [x], attributes: Self.to(.int32))
        #expect(int32.values(Int32.self) == [0, .max, .min, 3, -3, .max, .min])
        let int64 = try H.output("Cast", opset: 21, [x], attributes: Self.to(.int64))
        #expect(int64.values(Int64.self) == [0, .max, .min, 3, -3, .max, .min])
        let uint8 = try H.output("Cast", opset: 21, [x], attributes: Self.to(.uint8))
        #expect(uint8.values(UInt8.self) == [0, 255, 0, 3, 0, 255, 0])
        let flags = try H.output("Cast", opset: 21, [x], attributes: Self.to(.bool))
        #expect(flags.values(Bool.self) == [true, true, true, true, true, true, true])
    }

    @Test func integersNarrowByKeepingTheLowBits() throws {
        let x = Tensor(shape: [3], int64s: [300, -1, 255])
        #expect(try H.output("Cast", [x], attributes: Self.to(.uint8)).values(UInt8.self) == [44, 255, 255])
        #expect(try H.output("Cast", [x], attributes: Self.to(.int8)).values(Int8.self) == [44, -1, -1])
        let big = Tensor(shape: [1], storage: .uint64([UInt64.max]))
        #expect(try H.output("Cast", [big], attributes: Self.to(.int64)).values(Int64.self) == [-1])
        #expect(
            try H.output("Cast", [big], attributes: Self.to(.double)).values(Double.self) == [
                18_446_744_073_709_551_615.0
            ]
        )
    }

    @Test func boolsAreZeroAndOne() throws {
        let x = Tensor(shape: [2], storage: .bool([true, false]))
        #expect(try H.output("Cast", [x], attributes: Self.to(.float)).values(Float.self) == [1, 0])
        #expect(
            try H.output("Cast", [Tensor(shape: [3], floats: [0, -0.0, 0.5])], attributes: Self.to(.bool)).values(
                Bool.self
            ) == [false, false, true]
        )
    }

    @Test func halfPrecisionRoundsToNearestEven() throws {
        let x = Tensor(shape: [3], storage: .double([1.0 / 3.0, 65_520, -0.0]))
        let half = try H.output("Cast", [x], attributes: Self.to(.float16))
        #expect(half.storage == .float16([0x3555, 0x7C00, 0x8000]))
        let back = try H.output("Cast", [half], attributes: Self.to(.float))
        #expect(back.values(Float.self) == [0.333_251_95, .infinity, -0.0])
        let brain = try H.output("Cast", [Tensor(shape: [1], floats: [1.00390625])], attributes: Self.to(.bfloat16))
        #expect(brain.storage == .bfloat16([0x3F80]))
    }

    @Test func stringsToNumbers() throws {
        let texts = ["3.5", "-INF", "+inf", "NaN", "1e-5", " 42 ", ""]
        let x = Tensor(shape: [texts.count], storage: .string(texts.map { Array($0.utf8) }))
        let floats = try H.output("Cast", [x], attributes: Self.to(.float))
        #expect(H.close(floats.values(Float.self), [3.5, -.infinity, .infinity, .nan, 1e-5, 42, .nan]))
        let exact = Tensor(shape: [2], storage: .string([Array("12345678901234567".utf8), Array("100.9".utf8)]))
        #expect(
            try H.output("Cast", [exact], attributes: Self.to(.int64)).values(Int64.self) == [
                12_345_678_901_234_567, 100,
            ]
        )
        let error = #expect(throws: KServeError.self) {
            try H.output(
                "Cast",
                [Tensor(shape: [1], storage: .string([Array("hello".utf8)]))],
                attributes: Self.to(.float)
            )
        }
        #expect(error?.code == .invalidInput)
    }

    @Test func numbersToStrings() throws {
        let x = Tensor(shape: [5], floats: [0.1, 1e-5, 1, .nan, -.infinity])
        let strings = try H.output("Cast", [x], attributes: Self.to(.string))
        #expect(strings.storage == .string(["0.1", "1e-05", "1.0", "nan", "-inf"].map { Array($0.utf8) }))
        let ints = try H.output("Cast", [Tensor(shape: [2], int64s: [-3, 17])], attributes: Self.to(.string))
        #expect(ints.storage == .string(["-3", "17"].map { Array($0.utf8) }))
    }

    @Test func opset1NamesTheTargetAndExoticTargetsAreRefused() throws {
        let x = Tensor(shape: [1], int64s: [2])
        #expect(
            try H.output("Cast", opset: 1, [x], attributes: ["to": .string(Array("FLOAT".utf8))]).values(Float.self)
                == [2]
        )
        let error = #expect(throws: KServeError.self) {
            try H.output("Cast", opset: 19, [x], attributes: ["to": .int(17)])
        }
        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("float8e4m3fn") == true)
    }

    @Test func castLikeTakesTheSecondInputsType() throws {
        let x = Tensor(shape: [2], floats: [1.9, -1.9])
        let like = Tensor(shape: [0], storage: .int16([]))
        #expect(try H.output("CastLike", opset: 15, [x, like]).values(Int16.self) == [1, -1])
    }
}
