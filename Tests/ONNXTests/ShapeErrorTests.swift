import Compute
import Core
import Testing

@testable import ONNX

/// Sizes that come from input values: a negative or absurd one is an error, never a trap or a huge allocation.
@Suite struct ShapeErrorTests {
    typealias Support = ShapeTestSupport

    static func scalar(_ value: Int64) -> Tensor { Tensor(shape: [], int64s: [value]) }
    static func scalar(_ value: Float) -> Tensor { Tensor(shape: [], floats: [value]) }

    @Test func constantOfShapeRefusesNegativeAndHugeShapes() {
        #expect(Support.failure("ConstantOfShape", [Support.ints([2, -1])])?.code == .invalidInput)
        #expect(Support.failure("ConstantOfShape", [Support.ints([1 << 40, 1 << 40])])?.code == .invalidInput)
        #expect(Support.failure("ConstantOfShape", [Support.ints([1 << 20, 1 << 20])])?.code == .invalidInput)
        // Within the absolute bound, the request's memory limit decides.
        let limited = Support.failure("ConstantOfShape", [Support.ints([1000, 1000])], memoryLimit: 1000)
        #expect(limited?.code == .resourceExhausted)
    }

    @Test func rangeOfATrillionElementsFails() {
        let ints = Support.failure(
            "Range",
            [Self.scalar(Int64(0)), Self.scalar(Int64(1_000_000_000_000)), Self.scalar(Int64(1))]
        )
        #expect(ints?.code == .invalidInput)
        let floats = Support.failure("Range", [Self.scalar(Float(0)), Self.scalar(Float(1e12)), Self.scalar(Float(1))])
        #expect(floats?.code == .invalidInput)
        let infinite = Support.failure(
            "Range",
            [Self.scalar(Float(0)), Self.scalar(Float.infinity), Self.scalar(Float(1))]
        )
        #expect(infinite?.code == .invalidInput)
        let overflow = Support.failure(
            "Range",
            [Self.scalar(Int64.min), Self.scalar(Int64.max), Self.scalar(Int64(1))]
        )
        #expect(overflow?.code == .invalidInput)
        let divisionOverflow = Support.failure(
            "Range",
            [Self.scalar(Int64(0)), Self.scalar(Int64.min), Self.scalar(Int64(-1))]
        )
        #expect(divisionOverflow?.code == .invalidInput)
        #expect(
            Support.failure("Range", [Self.scalar(Int64(0)), Self.scalar(Int64(5)), Self.scalar(Int64(0))])?.code
                == .invalidInput
        )
        #expect(
            Support.failure("Range", [Self.scalar(Float(0)), Self.scalar(Float.nan), Self.scalar(Float(1))])?.code
                == .invalidInput
        )
    }

    @Test func expandTileAndPadRefuseHugeOutputs() {
        #expect(Support.failure("Expand", [Support.floats([1]), Support.ints([1 << 40])])?.code == .invalidInput)
        // A zero elsewhere does not let one axis grow without bound.
        #expect(
            Support.failure("Expand", [Support.floats([1, 1]), Support.ints([0, 1 << 40])])?.code == .invalidInput
        )
        #expect(Support.failure("Expand", [Support.floats([2]), Support.ints([-1])])?.code == .invalidInput)
        #expect(Support.failure("Tile", [Support.floats([4]), Support.ints([1 << 62])])?.code == .invalidInput)
        #expect(Support.failure("Tile", [Support.floats([0, 4]), Support.ints([1, 1 << 40])])?.code == .invalidInput)
        #expect(Support.failure("Tile", [Support.floats([4]), Support.ints([-2])])?.code == .invalidInput)
        #expect(Support.failure("Pad", [Support.floats([4]), Support.ints([1 << 40, 0])])?.code == .invalidInput)
        #expect(
            Support.failure("Pad", [Support.floats([4]), Support.ints([Int64.max, Int64.max])])?.code == .invalidInput
        )
        let limited = Support.failure("Tile", [Support.floats([4]), Support.ints([1000])], memoryLimit: 100)
        #expect(limited?.code == .resourceExhausted)
    }

    @Test func reshapeAndSplitRefuseBadShapes() {
        #expect(
            Support.failure("Reshape", [Support.floats([4]), Support.ints([Int64.max, 2])])?.code == .invalidInput
        )
        let split = Support.failure("Split", [Support.floats([6]), Support.ints([7, -1])])
        #expect(split?.code == .invalidInput)
        #expect(
            Support.failure("Gather", [Support.floats([2]), Tensor(shape: [1], floats: [0])])?.code == .invalidInput
        )
        let types = Support.failure("Concat", [Support.floats([1]), Support.ints([1])], attributes: ["axis": .int(0)])
        #expect(types?.code == .invalidInput)
    }
}
