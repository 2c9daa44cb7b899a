import Compute
import Core
import Testing

@testable import ONNX

@Suite struct ElementwiseReduceTests {
    typealias H = ElementwiseHarness

    /// [[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 10], [11, 12]]]
    let x = Tensor(shape: [3, 2, 2], floats: (1...12).map(Float.init))

    @Test func sumTakesAxesAsAnInputFromOpset13() throws {
        let axes = Tensor(shape: [1], int64s: [1])
        let kept = try H.output("ReduceSum", opset: 13, [x, axes])
        #expect(kept.shape == [3, 1, 2])
        #expect(kept.values(Float.self) == [4, 6, 12, 14, 20, 22])
        let dropped = try H.output(
            "ReduceSum",
            opset: 13,
            [x, Tensor(shape: [1], int64s: [-1])],
            attributes: ["keepdims": .int(0)]
        )
        #expect(dropped.shape == [3, 2])
        #expect(dropped.values(Float.self) == [3, 7, 11, 15, 19, 23])
        let all = try H.output(
            "ReduceSum",
            opset: 13,
            [x, Tensor(shape: [0], int64s: [])],
            attributes: ["keepdims": .int(0)]
        )
        #expect(all.shape == [])
        #expect(all.values(Float.self) == [78])
        let none = try H.output(
            "ReduceSum",
            opset: 13,
            [x, Tensor(shape: [0], int64s: [])],
            attributes: ["noop_with_empty_axes": .int(1)]
        )
        #expect(none == x)
    }

    @Test func meanAndMaxTakeAxesAsAnAttributeBeforeOpset18() throws {
        let mean = try H.output("ReduceMean", opset: 13, [x], attributes: ["axes": .ints([0, 2])])
        #expect(mean.shape == [1, 2, 1])
        #expect(mean.values(Float.self) == [5.5, 7.5])
        let max = try H.output("ReduceMax", opset: 13, [x], attributes: ["axes": .ints([0]), "keepdims": .int(0)])
        #expect(max.values(Float.self) == [9, 10, 11, 12])
        let everything = try H.output("ReduceMax", opset: 11, [x])
        #expect(everything.shape == [1, 1, 1])
        #expect(everything.values(Float.self) == [12])
        let fromInput = try H.output("ReduceMean", opset: 18, [x, Tensor(shape: [1], int64s: [2])])
        #expect(fromInput.values(Float.self) == [1.5, 3.5, 5.5, 7.5, 9.5, 11.5])
    }

    @Test func emptyReductionsGiveTheIdentity() throws {
        let empty = Tensor(shape: [2, 0, 4], floats: [])
        let axes = Tensor(shape: [1], int64s: [1])
        let sum = try H.output("ReduceSum", opset: 13, [empty, axes])
        #expect(sum.shape == [2, 1, 4])
        #expect(sum.values(Float.self) == [Float](repeating: 0, count: 8))
        let max = try H.output("ReduceMax", opset: 20, [empty, axes])
        #expect(max.values(Float.self) == [Float](repeating: -.infinity, count: 8))
        let emptyOutput = try H.output("ReduceSum", opset: 13, [empty, Tensor(shape: [1], int64s: [2])])
        #expect(emptyOutput.shape == [2, 0, 1])
    }

    @Test func integerAndBoolReductions() throws {
        let ints = Tensor(shape: [2, 3], storage: .int32([1, 2, 4, -1, 5, 2]))
        let axes = Tensor(shape: [1], int64s: [1])
        #expect(try H.output("ReduceSum", opset: 13, [ints, axes]).values(Int32.self) == [7, 6])
        #expect(try H.output("ReduceMean", opset: 18, [ints, axes]).values(Int32.self) == [2, 2])
        #expect(try H.output("ReduceMin", opset: 18, [ints, axes]).values(Int32.self) == [1, -1])
        let flags = Tensor(shape: [3, 2], storage: .bool([true, true, true, false, false, false]))
        let any = try H.output("ReduceMax", opset: 20, [flags, axes])
        #expect(any.values(Bool.self) == [true, true, false])
        let all = try H.output("ReduceMin", opset: 20, [flags, axes])
        #expect(all.values(Bool.self) == [true, false, false])
    }

    @Test func badAxesAreInvalidInput() {
        let error = #expect(throws: KServeError.self) {
            try H.output("ReduceSum", opset: 13, [x, Tensor(shape: [1], int64s: [3])])
        }
        #expect(error?.code == .invalidInput)
        let floats = #expect(throws: KServeError.self) {
            try H.output("ReduceSum", opset: 13, [x, Tensor(shape: [1], floats: [0])])
        }
        #expect(floats?.code == .invalidInput)
    }

    @Test func argMaxTakesTheFirstOrTheLastOfTies() throws {
        let ties = Tensor(shape: [2, 3], floats: [2, 5, 5, 7, 1, 7])
        let first = try H.output("ArgMax", opset: 13, [ties], attributes: ["axis": .int(1)])
        #expect(first.shape == [2, 1])
        #expect(first.values(Int64.self) == [1, 0])
        let last = try H.output(
            "ArgMax",
            opset: 13,
            [ties],
            attributes: ["axis": .int(-1), "select_last_index": .int(1), "keepdims": .int(0)]
        )
        #expect(last.shape == [2])
        #expect(last.values(Int64.self) == [2, 2])
        let columns = try H.output("ArgMin", opset: 13, [ties])
        #expect(columns.shape == [1, 3])
        #expect(columns.values(Int64.self) == [0, 1, 0])
    }
}
