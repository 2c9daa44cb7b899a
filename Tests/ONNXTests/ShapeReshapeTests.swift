import Compute
import Core
import Testing

@testable import ONNX

@Suite struct ShapeReshapeTests {
    typealias Support = ShapeTestSupport

    @Test func reshapeCopiesZeroAndInfersMinusOne() throws {
        let data = Support.floats([2, 3, 4])
        let output = try Support.output("Reshape", [data, Support.ints([0, -1])])
        #expect(output.shape == [2, 12])
        #expect(output.storage == data.storage)
        let reordered = try Support.output("Reshape", [data, Support.ints([-1, 0, 2])])
        #expect(reordered.shape == [4, 3, 2])
    }

    @Test func reshapeWithAllowZeroKeepsZeroDimensions() throws {
        let empty = Tensor(shape: [0, 3, 4], floats: [])
        let output = try Support.output(
            "Reshape",
            [empty, Support.ints([3, 4, 0])],
            attributes: ["allowzero": .int(1)]
        )
        #expect(output.shape == [3, 4, 0])
        // allowzero with both 0 and -1 is ambiguous.
        let error = Support.failure(
            "Reshape",
            [empty, Support.ints([0, -1])],
            attributes: ["allowzero": .int(1)]
        )
        #expect(error?.code == .invalidInput)
    }

    @Test func reshapeToAnIncompatibleSizeFails() {
        let data = Support.floats([2, 3])
        let error = Support.failure("Reshape", [data, Support.ints([4, 2])])
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("6 elements") == true)
        #expect(Support.failure("Reshape", [data, Support.ints([-1, -1])])?.code == .invalidInput)
        #expect(Support.failure("Reshape", [data, Support.ints([5, -1])])?.code == .invalidInput)
        #expect(Support.failure("Reshape", [data, Support.ints([-2, 3])])?.code == .invalidInput)
        // 0 copies a dimension the input does not have.
        #expect(Support.failure("Reshape", [data, Support.ints([6, 1, 0])])?.code == .invalidInput)
    }

    @Test func reshapeBeforeOpset5ReadsTheAttribute() throws {
        let output = try Support.output(
            "Reshape",
            opset: 4,
            [Support.floats([2, 3])],
            attributes: ["shape": .ints([3, -1])]
        )
        #expect(output.shape == [3, 2])
    }

    @Test func flattenSqueezeAndUnsqueeze() throws {
        let data = Support.floats([2, 1, 3, 1])
        #expect(try Support.output("Flatten", [data], attributes: ["axis": .int(2)]).shape == [2, 3])
        #expect(try Support.output("Flatten", [data], attributes: ["axis": .int(4)]).shape == [6, 1])
        #expect(try Support.output("Flatten", [data], attributes: ["axis": .int(-1)]).shape == [6, 1])
        #expect(try Support.output("Flatten", [data], attributes: ["axis": .int(0)]).shape == [1, 6])
        #expect(Support.failure("Flatten", [data], attributes: ["axis": .int(5)])?.code == .invalidInput)
        #expect(try Support.output("Squeeze", [data]).shape == [2, 3])
        #expect(try Support.output("Squeeze", [data, Support.ints([-1])]).shape == [2, 1, 3])
        #expect(try Support.output("Squeeze", opset: 11, [data], attributes: ["axes": .ints([1])]).shape == [2, 3, 1])
        #expect(Support.failure("Squeeze", [data, Support.ints([0])])?.code == .invalidInput)
        #expect(
            try Support.output("Unsqueeze", [Support.floats([2, 3]), Support.ints([3, 0])]).shape == [1, 2, 3, 1]
        )
        #expect(try Support.output("Unsqueeze", [Support.floats([2, 3]), Support.ints([-1])]).shape == [2, 3, 1])
        #expect(Support.failure("Unsqueeze", [Support.floats([2]), Support.ints([0, 0])])?.code == .invalidInput)
    }

    @Test func shapeTakesStartAndEnd() throws {
        let data = Support.floats([2, 3, 4, 5])
        #expect(try Support.output("Shape", [data]).values(Int64.self) == [2, 3, 4, 5])
        let middle = try Support.output("Shape", [data], attributes: ["start": .int(1), "end": .int(-1)])
        #expect(middle.values(Int64.self) == [3, 4])
        let clipped = try Support.output("Shape", [data], attributes: ["start": .int(-10), "end": .int(10)])
        #expect(clipped.values(Int64.self) == [2, 3, 4, 5])
        let empty = try Support.output("Shape", [data], attributes: ["start": .int(3), "end": .int(1)])
        #expect(empty.shape == [0])
    }

    @Test func constantReadsEachValueAttribute() throws {
        let strings = try Support.output("Constant", [], attributes: ["value_strings": .strings([[65], [66, 67]])])
        #expect(strings.shape == [2])
        #expect(strings.storage == .string([[65], [66, 67]]))
        #expect(try Support.output("Constant", [], attributes: ["value_int": .int(7)]).values(Int64.self) == [7])
        #expect(try Support.output("Constant", [], attributes: ["value_floats": .floats([1, 2])]).shape == [2])
        let tensor = Tensor(shape: [2], storage: .bool([true, false]))
        #expect(try Support.output("Constant", [], attributes: ["value": .tensor(tensor)]) == tensor)
        let both = Support.failure("Constant", [], attributes: ["value_int": .int(1), "value_float": .float(1)])
        #expect(both?.code == .invalidInput)
    }

    @Test func dropoutAtInferencePassesTheInputAndAFullMask() throws {
        let data = Support.floats([2, 3])
        let outputs = try Support.run("Dropout", [data, Tensor(shape: [], floats: [0.3])], outputs: 2)
        #expect(outputs.count == 2)
        #expect(outputs[0] == data)
        #expect(outputs[1].storage == .bool([Bool](repeating: true, count: 6)))
        let training = Tensor(shape: [], storage: .bool([true]))
        let error = Support.failure("Dropout", [data, Tensor(shape: [], floats: [0.3]), training])
        #expect(error?.code == .unsupported)
        let zeroRatio = try Support.run("Dropout", [data, Tensor(shape: [], floats: [0]), training], outputs: 2)
        #expect(zeroRatio[0] == data)
        let old = try Support.run("Dropout", opset: 7, [data], outputs: 2)
        #expect(old[1].storage == .float([Float](repeating: 1, count: 6)))
    }
}
