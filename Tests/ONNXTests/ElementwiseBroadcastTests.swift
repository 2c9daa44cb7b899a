import Compute
import Core
import Testing

@testable import ONNX

@Suite struct ElementwiseBroadcastTests {
    typealias H = ElementwiseHarness

    @Test func equalShapesAndScalarsMergeIntoOneRun() throws {
        let equal = try BroadcastLayout(shapes: [[2, 3, 4], [2, 3, 4]])
        #expect(equal.dims == [24])
        #expect(equal.strides == [[1], [1]])
        let scalar = try BroadcastLayout(shapes: [[2, 3, 4], []])
        #expect(scalar.dims == [24])
        #expect(scalar.strides == [[1], [0]])
        let rowVector = try BroadcastLayout(shapes: [[5, 3, 4], [3, 4]])
        #expect(rowVector.dims == [5, 12])
        #expect(rowVector.strides == [[12, 1], [0, 1]])
    }

    @Test func addBroadcastsRowsColumnsAndScalars() throws {
        let matrix = Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6])
        let row = Tensor(shape: [3], floats: [10, 20, 30])
        #expect(try H.output("Add", [matrix, row]).values(Float.self) == [11, 22, 33, 14, 25, 36])
        let column = Tensor(shape: [2, 1], floats: [100, 200])
        #expect(try H.output("Add", [matrix, column]).values(Float.self) == [101, 102, 103, 204, 205, 206])
        let scalar = Tensor(shape: [], floats: [1])
        let fromScalar = try H.output("Sub", [scalar, matrix])
        #expect(fromScalar.shape == [2, 3])
        #expect(fromScalar.values(Float.self) == [0, -1, -2, -3, -4, -5])
        // Both sides broadcast: [2,1] * [1,3] is an outer product.
        let outer = try H.output("Mul", [column, Tensor(shape: [1, 3], floats: [1, 2, 3])])
        #expect(outer.shape == [2, 3])
        #expect(outer.values(Float.self) == [100, 200, 300, 200, 400, 600])
    }

    @Test func generalBroadcastMatchesAnIndexByIndexComputation() throws {
        let aShape = [2, 1, 4, 1]
        let bShape = [3, 1, 5]
        let a = H.floats(8, seed: 3)
        let b = H.floats(15, seed: 4)
        let result = try H.output("Add", [Tensor(shape: aShape, floats: a), Tensor(shape: bShape, floats: b)])
        #expect(result.shape == [2, 3, 4, 5])
        var expected: [Float] = []
        for i in 0..<2 {
            for j in 0..<3 {
                for k in 0..<4 {
                    for l in 0..<5 { expected.append(a[i * 4 + k] + b[j * 5 + l]) }
                }
            }
        }
        #expect(result.values(Float.self) == expected)
    }

    @Test func emptyDimensionsGiveEmptyOutputs() throws {
        let empty = try H.output("Add", [Tensor(shape: [0, 3], floats: []), Tensor(shape: [3], floats: [1, 2, 3])])
        #expect(empty.shape == [0, 3])
        #expect(empty.count == 0)
    }

    @Test func shapesThatDoNotBroadcastAreInvalidInput() {
        let error = #expect(throws: KServeError.self) {
            try H.output(
                "Add",
                [Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6]), Tensor(shape: [4], floats: [1, 2, 3, 4])]
            )
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("do not broadcast") == true)
    }

    @Test func mixedElementTypesAreInvalidInput() {
        let error = #expect(throws: KServeError.self) {
            try H.output("Mul", [Tensor(shape: [1], floats: [1]), Tensor(shape: [1], int64s: [1])])
        }
        #expect(error?.code == .invalidInput)
    }

    @Test func aShapeThatDisagreesWithItsElementsIsInvalidInput() {
        let error = #expect(throws: KServeError.self) {
            try H.output("Add", [Tensor(shape: [4], floats: [1, 2]), Tensor(shape: [4], floats: [1, 2, 3, 4])])
        }
        #expect(error?.code == .invalidInput)
    }

    @Test func halfPrecisionComputesAsFloatAndNarrowsBack() throws {
        let a = Tensor(shape: [2], storage: .float16([1.5, 2].map { HalfPrecision.fp16Bits(Float($0)) }))
        let b = Tensor(shape: [1], storage: .float16([HalfPrecision.fp16Bits(Float(0.25))]))
        let sum = try H.output("Add", [a, b])
        guard case .float16(let bits) = sum.storage else {
            Issue.record("expected float16, got \(sum.elementType)")
            return
        }
        #expect(bits.map { HalfPrecision.float(fp16Bits: $0) } == [1.75, 2.25])
    }

    @Test func whereBroadcastsConditionAndBothBranchesOfAnyType() throws {
        let condition = Tensor(shape: [2, 1], storage: .bool([true, false]))
        let x = Tensor(shape: [3], storage: .string([Array("a".utf8), Array("b".utf8), Array("c".utf8)]))
        let y = Tensor(shape: [], storage: .string([Array("-".utf8)]))
        let result = try H.output("Where", [condition, x, y])
        #expect(result.shape == [2, 3])
        #expect(result.storage == .string(["a", "b", "c", "-", "-", "-"].map { Array($0.utf8) }))
        let error = #expect(throws: KServeError.self) {
            try H.output("Where", [Tensor(shape: [1], floats: [1]), x, y])
        }
        #expect(error?.code == .invalidInput)
    }

    @Test func comparisonsAndLogicGiveBools() throws {
        let a = Tensor(shape: [3], int64s: [1, 5, 3])
        let b = Tensor(shape: [], int64s: [3])
        #expect(try H.output("Less", [a, b]).values(Bool.self) == [true, false, false])
        #expect(try H.output("Greater", [a, b]).values(Bool.self) == [false, true, false])
        #expect(try H.output("Equal", [a, b]).values(Bool.self) == [false, false, true])
        let nan = Tensor(shape: [2], floats: [.nan, 1])
        #expect(try H.output("Equal", [nan, nan]).values(Bool.self) == [false, true])
        let strings = Tensor(shape: [2], storage: .string([Array("x".utf8), Array("y".utf8)]))
        let one = Tensor(shape: [1], storage: .string([Array("y".utf8)]))
        #expect(try H.output("Equal", opset: 19, [strings, one]).values(Bool.self) == [false, true])
        let p = Tensor(shape: [2, 2], storage: .bool([true, true, false, false]))
        let q = Tensor(shape: [2], storage: .bool([true, false]))
        #expect(try H.output("And", [p, q]).values(Bool.self) == [true, false, false, false])
        #expect(try H.output("Not", [q]).values(Bool.self) == [false, true])
    }
}
