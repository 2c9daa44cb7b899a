import Compute
import Core
import Testing

@testable import ONNX

/// MaxPool, AveragePool and the global pools against values worked out by hand.
struct NeuralNetworkPoolTests {
    typealias Harness = NeuralNetworkHarness

    /// 4x4 ramp 1...16.
    static let ramp = Tensor(shape: [1, 1, 4, 4], floats: (1...16).map { Float($0) })

    @Test func maxPoolWithIndices() throws {
        let outputs = try Harness.run(
            "MaxPool",
            attributes: ["kernel_shape": .ints([2, 2]), "strides": .ints([2, 2])],
            inputs: [Self.ramp],
            outputs: 2
        )
        #expect(outputs[0].values(Float.self) == [6, 8, 14, 16])
        #expect(outputs[1].values(Int64.self) == [5, 7, 13, 15])
        // Column-major indices: h + w * H.
        let columnMajor = try Harness.run(
            "MaxPool",
            attributes: ["kernel_shape": .ints([2, 2]), "strides": .ints([2, 2]), "storage_order": .int(1)],
            inputs: [Self.ramp],
            outputs: 2
        )
        #expect(columnMajor[1].values(Int64.self) == [5, 13, 7, 15])
    }

    /// Indices count from the start of X, batch and channel included.
    @Test func maxPoolIndicesCoverEveryPlane() throws {
        let x = Tensor(shape: [2, 1, 1, 3], floats: [3, 1, 2, 0, 5, 4])
        let outputs = try Harness.run("MaxPool", attributes: ["kernel_shape": .ints([1, 2])], inputs: [x], outputs: 2)
        #expect(outputs[0].values(Float.self) == [3, 2, 5, 5])
        #expect(outputs[1].values(Int64.self) == [0, 2, 4, 4])
    }

    @Test func maxPoolPaddingNeverWinsAndCeilModeAddsAWindow() {
        let negative = Tensor(shape: [1, 1, 1, 3], floats: [-3, -1, -2])
        let padded = Harness.floats(
            "MaxPool",
            attributes: ["kernel_shape": .ints([1, 2]), "pads": .ints([0, 1, 0, 1])],
            inputs: [negative]
        )
        #expect(padded.values == [-3, -1, -1, -2])
        let ceil = Harness.floats(
            "MaxPool",
            attributes: ["kernel_shape": .ints([2, 2]), "strides": .ints([2, 2]), "ceil_mode": .int(1)],
            inputs: [Tensor(shape: [1, 1, 5, 5], floats: (1...25).map { Float($0) })]
        )
        // Floor mode gives 2x2; the third window along each axis starts on the last element.
        #expect(ceil.shape == [1, 1, 3, 3])
        #expect(ceil.values == [7, 9, 10, 17, 19, 20, 22, 24, 25])
    }

    /// Full windows (no padding reached) read their windows directly, 2x2 at stride 2 of floats eight outputs at a
    /// time: against the maximum by definition, with NaN (never wins) and widths that leave a scalar tail.
    @Test(arguments: [([2, 2], [2, 2], 37), ([2, 2], [1, 1], 9), ([3, 2], [2, 3], 20), ([2, 2], [2, 2], 16)])
    func maxPoolOfFullWindows(kernel: [Int], strides: [Int], width: Int) {
        let (height, planes) = (6, 3)
        var values = Harness.random(planes * height * width, seed: UInt64(width * 31 + kernel[0]))
        for index in stride(from: 5, to: values.count, by: 7) { values[index] = .nan }
        let x = Tensor(shape: [1, planes, height, width], floats: values)
        let result = Harness.floats(
            "MaxPool",
            attributes: ["kernel_shape": .ints(kernel.map { Int64($0) }), "strides": .ints(strides.map { Int64($0) })],
            inputs: [x]
        )
        let outH = (height - kernel[0]) / strides[0] + 1
        let outW = (width - kernel[1]) / strides[1] + 1
        var expected: [Float] = []
        for plane in 0..<planes {
            for oh in 0..<outH {
                for ow in 0..<outW {
                    var best = -Float.infinity
                    for kh in 0..<kernel[0] {
                        for kw in 0..<kernel[1] {
                            let value = values[(plane * height + oh * strides[0] + kh) * width + ow * strides[1] + kw]
                            if value > best { best = value }
                        }
                    }
                    expected.append(best)
                }
            }
        }
        #expect(result.shape == [1, planes, outH, outW])
        #expect(result.values == expected)
    }

    @Test func maxPoolOfBytes() throws {
        let x = Tensor(shape: [1, 1, 2, 2], storage: .uint8([1, 200, 3, 4]))
        let output = try Harness.run("MaxPool", attributes: ["kernel_shape": .ints([2, 2])], inputs: [x])
        #expect(output[0].storage == .uint8([200]))
    }

    @Test func averagePoolCountsPaddingOnlyWhenAsked() {
        let x = Tensor(shape: [1, 1, 2, 2], floats: [1, 2, 3, 4])
        let attributes: [String: Attribute] = ["kernel_shape": .ints([2, 2]), "pads": .ints([1, 1, 1, 1])]
        let excluded = Harness.floats("AveragePool", attributes: attributes, inputs: [x])
        #expect(excluded.shape == [1, 1, 3, 3])
        #expect(excluded.values == [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4])
        let included = Harness.floats(
            "AveragePool",
            attributes: attributes.merging(["count_include_pad": .int(1)]) { $1 },
            inputs: [x]
        )
        #expect(included.values == [0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1])
    }

    @Test func averagePoolSameUpperAndDilations() {
        let same = Harness.floats(
            "AveragePool",
            attributes: ["kernel_shape": .ints([2, 2]), "auto_pad": .string(Array("SAME_UPPER".utf8))],
            inputs: [Self.ramp]
        )
        #expect(same.shape == [1, 1, 4, 4])
        #expect(same.values.prefix(4) == [3.5, 4.5, 5.5, 6])
        let dilated = Harness.floats(
            "AveragePool",
            attributes: ["kernel_shape": .ints([2, 2]), "dilations": .ints([2, 2])],
            inputs: [Self.ramp]
        )
        #expect(dilated.values == [6, 7, 10, 11])
    }

    @Test func globalPools() {
        let x = Tensor(shape: [1, 2, 2, 2], floats: [1, 2, 3, 4, -1, -2, -3, -8])
        let average = Harness.floats("GlobalAveragePool", inputs: [x])
        #expect(average.shape == [1, 2, 1, 1])
        #expect(average.values == [2.5, -3.5])
        let maximum = Harness.floats("GlobalMaxPool", inputs: [x])
        #expect(maximum.values == [4, -1])
    }

    @Test func poolErrors() {
        #expect(Harness.error("MaxPool", inputs: [Self.ramp])?.code == .invalidInput)
        let threeD: [String: Attribute] = ["kernel_shape": .ints([2, 2, 2])]
        #expect(Harness.error("MaxPool", attributes: threeD, inputs: [Self.ramp])?.code == .invalidInput)
        let big: [String: Attribute] = ["kernel_shape": .ints([5, 5])]
        #expect(Harness.error("AveragePool", attributes: big, inputs: [Self.ramp])?.code == .invalidInput)
        let order: [String: Attribute] = ["kernel_shape": .ints([2, 2]), "storage_order": .int(2)]
        #expect(Harness.error("MaxPool", attributes: order, inputs: [Self.ramp])?.code == .invalidInput)
        let strings = Tensor(shape: [1, 1, 1, 1], storage: .string([[]]))
        #expect(Harness.error("GlobalAveragePool", inputs: [strings])?.code == .invalidInput)
        #expect(
            Harness.error("GlobalAveragePool", inputs: [Tensor(shape: [3], floats: [1, 2, 3])])?.code == .invalidInput
        )
    }
}
