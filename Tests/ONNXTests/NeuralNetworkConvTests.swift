import Compute
import Core
import Testing

@testable import ONNX

/// Conv and ConvTranspose against naive loops written here: groups, auto_pad, strides, dilations, bias, 1-D to 3-D.
struct NeuralNetworkConvTests {
    typealias Harness = NeuralNetworkHarness

    /// A convolution's sizes, always over three spatial axes (leading 1s for 1-D and 2-D).
    struct Case {
        var batch = 1
        var channels = 1
        var filters = 1
        var group = 1
        var input = [1, 1, 1]
        var kernel = [1, 1, 1]
        var strides = [1, 1, 1]
        var dilations = [1, 1, 1]
        var padBegin = [0, 0, 0]
        var padEnd = [0, 0, 0]
        /// Spatial axes the model sees (the last `rank` of the three).
        var rank = 2

        var output: [Int] {
            (0..<3).map { axis in
                let extent = (kernel[axis] - 1) * dilations[axis] + 1
                return (input[axis] + padBegin[axis] + padEnd[axis] - extent) / strides[axis] + 1
            }
        }

        var xShape: [Int] { [batch, channels] + input.suffix(rank) }
        var wShape: [Int] { [filters, channels / group] + kernel.suffix(rank) }
        var outputShape: [Int] { [batch, filters] + output.suffix(rank) }

        var attributes: [String: Attribute] {
            [
                "group": .int(Int64(group)),
                "strides": .ints(strides.suffix(rank).map { Int64($0) }),
                "dilations": .ints(dilations.suffix(rank).map { Int64($0) }),
                "pads": .ints((padBegin.suffix(rank) + padEnd.suffix(rank)).map { Int64($0) }),
            ]
        }
    }

    /// The convolution by definition: every output element sums its window over the group's channels.
    static func naiveConv(_ c: Case, x: [Float], w: [Float], bias: [Float]?) -> [Float] {
        let output = c.output
        let groupChannels = c.channels / c.group
        let groupFilters = c.filters / c.group
        var result: [Float] = []
        for n in 0..<c.batch {
            for filter in 0..<c.filters {
                let group = filter / groupFilters
                for od in 0..<output[0] {
                    for oh in 0..<output[1] {
                        for ow in 0..<output[2] {
                            var sum = bias?[filter] ?? 0
                            for channel in 0..<groupChannels {
                                for kd in 0..<c.kernel[0] {
                                    for kh in 0..<c.kernel[1] {
                                        for kw in 0..<c.kernel[2] {
                                            let id = od * c.strides[0] - c.padBegin[0] + kd * c.dilations[0]
                                            let ih = oh * c.strides[1] - c.padBegin[1] + kh * c.dilations[1]
                                            let iw = ow * c.strides[2] - c.padBegin[2] + kw * c.dilations[2]
                                            guard (0..<c.input[0]).contains(id), (0..<c.input[1]).contains(ih),
                                                (0..<c.input[2]).contains(iw)
                                            else { continue }
                                            let inputChannel = group * groupChannels + channel
                                            let xPlane: Int = (n * c.channels + inputChannel) * c.input[0]
                                            let xIndex: Int = ((xPlane + id) * c.input[1] + ih) * c.input[2] + iw
                                            let wPlane: Int = (filter * groupChannels + channel) * c.kernel[0]
                                            let wIndex: Int = ((wPlane + kd) * c.kernel[1] + kh) * c.kernel[2] + kw
                                            sum += x[xIndex] * w[wIndex]
                                        }
                                    }
                                }
                            }
                            result.append(sum)
                        }
                    }
                }
            }
        }
        return result
    }

    static func check(_ c: Case, bias: Bool = true, attributes extra: [String: Attribute] = [:], seed: UInt64) {
        let x = Harness.random(c.xShape.reduce(1, *), seed: seed)
        let w = Harness.random(c.wShape.reduce(1, *), seed: seed + 1)
        let b = bias ? Harness.random(c.filters, seed: seed + 2) : nil
        var inputs: [Tensor?] = [Tensor(shape: c.xShape, floats: x), Tensor(shape: c.wShape, floats: w)]
        if let b { inputs.append(Tensor(shape: [c.filters], floats: b)) }
        let result = Harness.floats(
            "Conv",
            attributes: c.attributes.merging(extra) { $1 },
            inputs: inputs
        )
        #expect(result.shape == c.outputShape)
        Harness.expectClose(result.values, naiveConv(c, x: x, w: w, bias: b))
    }

    @Test func convWithGroupsStridesDilationsAndAsymmetricPads() {
        var c = Case()
        c.batch = 2
        c.channels = 4
        c.filters = 6
        c.group = 2
        c.input = [1, 9, 8]
        c.kernel = [1, 3, 3]
        c.strides = [1, 2, 1]
        c.dilations = [1, 1, 2]
        c.padBegin = [0, 1, 0]
        c.padEnd = [0, 2, 1]
        Self.check(c, seed: 100)
    }

    /// Unit strides with the output as wide as the input: the padded-input path (``PaddedConv``) for 2-D and the plain
    /// unrolling for a narrow plane and a 3-D kernel; every kernel column and row at the plane's edges, dilated and
    /// asymmetric pads, pads wider than the kernel reaches.
    @Test(arguments: [
        ([1, 6, 7], [1, 3, 3], [1, 1, 1], [0, 1, 1], [0, 1, 1]),
        ([1, 5, 6], [1, 3, 5], [1, 2, 1], [0, 3, 2], [0, 1, 2]),
        ([1, 4, 5], [1, 2, 2], [1, 1, 1], [0, 0, 1], [0, 1, 0]),
        ([1, 3, 4], [1, 3, 3], [1, 1, 1], [0, 4, 1], [0, 0, 1]),
        ([3, 4, 4], [3, 3, 3], [1, 1, 1], [1, 1, 1], [1, 1, 1]),
    ])
    func sameWidthConv(input: [Int], kernel: [Int], dilations: [Int], padBegin: [Int], padEnd: [Int]) {
        var c = Case()
        c.batch = 2
        c.channels = 3
        c.filters = 4
        c.rank = input[0] == 1 ? 2 : 3
        c.input = input
        c.kernel = kernel
        c.dilations = dilations
        c.padBegin = padBegin
        c.padEnd = padEnd
        #expect(c.output[2] == input[2])
        Self.check(c, seed: 150 + UInt64(input[2] * 7 + kernel[2]))
    }

    /// Several images with one group: each image's product lands in its own planes, with and without a bias.
    @Test(arguments: [true, false])
    func batchedConv(bias: Bool) {
        var c = Case()
        c.batch = 3
        c.channels = 2
        c.filters = 5
        c.input = [1, 7, 6]
        c.kernel = [1, 3, 2]
        c.strides = [1, 2, 1]
        c.padBegin = [0, 1, 0]
        Self.check(c, bias: bias, seed: 190)
    }

    @Test func depthwiseConv() {
        var c = Case()
        c.channels = 5
        c.filters = 5
        c.group = 5
        c.input = [1, 7, 7]
        c.kernel = [1, 3, 3]
        c.padBegin = [0, 1, 1]
        c.padEnd = [0, 1, 1]
        Self.check(c, seed: 110)
    }

    /// The depthwise sweep with strides, dilations, asymmetric pads and several batch items; and a channel
    /// multiplier of 2 (two filters per group), which unrolls instead.
    @Test(arguments: [1, 2])
    func depthwiseConvWithStridesAndDilations(multiplier: Int) {
        var c = Case()
        c.batch = 2
        c.channels = 3
        c.filters = 3 * multiplier
        c.group = 3
        c.input = [1, 9, 10]
        c.kernel = [1, 3, 2]
        c.strides = [1, 2, 3]
        c.dilations = [1, 2, 2]
        c.padBegin = [0, 2, 0]
        c.padEnd = [0, 1, 3]
        Self.check(c, seed: 115)
        Self.check(c, bias: false, seed: 116)
        c.rank = 3
        c.input = [4, 5, 6]
        c.kernel = [2, 2, 3]
        c.padBegin = [1, 0, 1]
        c.padEnd = [0, 1, 1]
        Self.check(c, seed: 117)
    }

    /// 1x1 kernels with no stride or padding multiply the input planes directly; with a stride they unroll.
    @Test(arguments: [1, 2])
    func pointwiseConv(stride: Int) {
        var c = Case()
        c.batch = 2
        c.channels = 3
        c.filters = 4
        c.input = [1, 5, 6]
        c.strides = [1, stride, stride]
        Self.check(c, seed: 120)
        Self.check(c, bias: false, seed: 130)
    }

    @Test func oneAndThreeDimensionalConv() {
        var line = Case()
        line.rank = 1
        line.channels = 2
        line.filters = 3
        line.input = [1, 1, 11]
        line.kernel = [1, 1, 4]
        line.strides = [1, 1, 3]
        line.padBegin = [0, 0, 2]
        line.padEnd = [0, 0, 1]
        Self.check(line, seed: 140)
        var volume = Case()
        volume.rank = 3
        volume.channels = 2
        volume.filters = 2
        volume.input = [4, 5, 6]
        volume.kernel = [2, 3, 2]
        volume.strides = [1, 2, 2]
        volume.dilations = [2, 1, 1]
        volume.padBegin = [1, 1, 0]
        volume.padEnd = [0, 1, 1]
        Self.check(volume, seed: 150)
    }

    /// auto_pad: the test works out the pads itself (SAME: output ceil(in / stride), the odd pad at the end for
    /// SAME_UPPER and at the start for SAME_LOWER; VALID: none) and compares with explicit pads.
    @Test(arguments: ["SAME_UPPER", "SAME_LOWER", "VALID"])
    func convAutoPad(mode: String) {
        var c = Case()
        c.channels = 2
        c.filters = 2
        c.input = [1, 7, 6]
        c.kernel = [1, 3, 2]
        c.strides = [1, 2, 2]
        c.dilations = [1, 1, 2]
        if mode != "VALID" {
            for axis in 1..<3 {
                let output = (c.input[axis] + c.strides[axis] - 1) / c.strides[axis]
                let extent = (c.kernel[axis] - 1) * c.dilations[axis] + 1
                let total = max(0, (output - 1) * c.strides[axis] + extent - c.input[axis])
                c.padBegin[axis] = mode == "SAME_UPPER" ? total / 2 : total - total / 2
                c.padEnd[axis] = total - c.padBegin[axis]
            }
        }
        let x = Harness.random(c.xShape.reduce(1, *), seed: 160)
        let w = Harness.random(c.wShape.reduce(1, *), seed: 161)
        var attributes = c.attributes
        attributes["pads"] = nil
        attributes["auto_pad"] = .string(Array(mode.utf8))
        let result = Harness.floats(
            "Conv",
            attributes: attributes,
            inputs: [Tensor(shape: c.xShape, floats: x), Tensor(shape: c.wShape, floats: w)]
        )
        #expect(result.shape == c.outputShape)
        Harness.expectClose(result.values, Self.naiveConv(c, x: x, w: w, bias: nil))
    }

    /// The ONNX operator documentation's example: a 5x5 ramp, a 3x3 kernel of ones, SAME_LOWER with stride 2.
    @Test func convAutoPadDocumentedExample() {
        let result = Harness.floats(
            "Conv",
            attributes: ["auto_pad": .string(Array("SAME_LOWER".utf8)), "strides": .ints([2, 2])],
            inputs: [
                Tensor(shape: [1, 1, 5, 5], floats: (0..<25).map { Float($0) }),
                Tensor(shape: [1, 1, 3, 3], floats: [Float](repeating: 1, count: 9)),
            ]
        )
        #expect(result.shape == [1, 1, 3, 3])
        #expect(result.values == [12, 27, 24, 63, 108, 81, 72, 117, 84])
    }

    @Test func convInDouble() throws {
        let output = try Harness.run(
            "Conv",
            inputs: [
                Tensor(shape: [1, 1, 3], values: [1, 2, 3] as [Double]),
                Tensor(shape: [1, 1, 2], values: [1, -1] as [Double]),
            ]
        )
        #expect(output[0].shape == [1, 1, 2])
        #expect(output[0].values(Double.self) == [-1, -1])
    }

    @Test func convErrors() {
        let x = Tensor(shape: [1, 4, 5, 5], floats: Harness.random(100, seed: 170))
        let w = Tensor(shape: [2, 2, 3, 3], floats: Harness.random(36, seed: 171))
        // W's channels times the group must be X's channels.
        #expect(Harness.error("Conv", inputs: [x, w])?.code == .invalidInput)
        #expect(Harness.error("Conv", attributes: ["group": .int(2)], inputs: [x, w]) == nil)
        // Filters must divide by the group.
        let odd = Tensor(shape: [3, 1, 3, 3], floats: Harness.random(27, seed: 172))
        #expect(Harness.error("Conv", attributes: ["group": .int(4)], inputs: [x, odd])?.code == .invalidInput)
        #expect(Harness.error("Conv", attributes: ["group": .int(0)], inputs: [x, w])?.code == .invalidInput)
        // Ranks differ; a bias of the wrong size; a kernel_shape that is not W's.
        let flat = Tensor(shape: [1, 4, 25], floats: Harness.random(100, seed: 173))
        #expect(Harness.error("Conv", attributes: ["group": .int(2)], inputs: [flat, w])?.code == .invalidInput)
        let bias = Tensor(shape: [3], floats: [1, 2, 3])
        #expect(Harness.error("Conv", attributes: ["group": .int(2)], inputs: [x, w, bias])?.code == .invalidInput)
        let kernelShape: [String: Attribute] = ["group": .int(2), "kernel_shape": .ints([2, 2])]
        #expect(Harness.error("Conv", attributes: kernelShape, inputs: [x, w])?.code == .invalidInput)
        // A window larger than the padded input; pads of the wrong length; a bad auto_pad.
        let small = Tensor(shape: [1, 4, 2, 2], floats: Harness.random(16, seed: 174))
        #expect(Harness.error("Conv", attributes: ["group": .int(2)], inputs: [small, w])?.code == .invalidInput)
        let shortPads: [String: Attribute] = ["group": .int(2), "pads": .ints([1, 1])]
        #expect(Harness.error("Conv", attributes: shortPads, inputs: [x, w])?.code == .invalidInput)
        let negativePads: [String: Attribute] = ["pads": .ints([-1, 0, 0, 0])]
        #expect(Harness.error("Conv", attributes: negativePads, inputs: [x, w])?.code == .invalidInput)
        let autoPad: [String: Attribute] = ["auto_pad": .string(Array("SIDEWAYS".utf8))]
        #expect(Harness.error("Conv", attributes: autoPad, inputs: [x, w])?.code == .invalidInput)
        #expect(Harness.error("Conv", attributes: ["strides": .ints([0, 1])], inputs: [x, w])?.code == .invalidInput)
        // Four spatial axes are not implemented; integers are not a Conv type.
        let x4 = Tensor(shape: [1, 1, 2, 2, 2, 2], floats: Harness.random(16, seed: 175))
        let w4 = Tensor(shape: [1, 1, 1, 1, 1, 1], floats: [1])
        #expect(Harness.error("Conv", inputs: [x4, w4])?.code == .unsupported)
        let integers = Tensor(shape: [1, 1, 2, 2], int64s: [1, 2, 3, 4])
        let one = Tensor(shape: [1, 1, 1, 1], int64s: [1])
        #expect(Harness.error("Conv", inputs: [integers, one])?.code == .invalidInput)
    }

    /// ConvTranspose by definition: each input element scatters `x * w` over its window of the output.
    static func naiveConvTranspose(
        _ c: Case,
        outputPadding: [Int],
        x: [Float],
        w: [Float],
        bias: [Float]?
    ) -> (shape: [Int], values: [Float]) {
        // Here `c.input` is the ConvTranspose input, `c.channels` its channels and `c.filters` its output channels.
        let output = (0..<3).map { (axis: Int) -> Int in
            let scaled: Int = c.strides[axis] * (c.input[axis] - 1) + outputPadding[axis]
            let extent: Int = (c.kernel[axis] - 1) * c.dilations[axis] + 1
            return scaled + extent - c.padBegin[axis] - c.padEnd[axis]
        }
        let groupChannels = c.channels / c.group
        let groupFilters = c.filters / c.group
        let planeSize = output.reduce(1, *)
        var result = [Float](repeating: 0, count: c.batch * c.filters * planeSize)
        for n in 0..<c.batch {
            for channel in 0..<c.channels {
                let group = channel / groupChannels
                for id in 0..<c.input[0] {
                    for ih in 0..<c.input[1] {
                        for iw in 0..<c.input[2] {
                            let xPlane: Int = (n * c.channels + channel) * c.input[0]
                            let xIndex: Int = ((xPlane + id) * c.input[1] + ih) * c.input[2] + iw
                            for filter in 0..<groupFilters {
                                for kd in 0..<c.kernel[0] {
                                    for kh in 0..<c.kernel[1] {
                                        for kw in 0..<c.kernel[2] {
                                            let od = id * c.strides[0] - c.padBegin[0] + kd * c.dilations[0]
                                            let oh = ih * c.strides[1] - c.padBegin[1] + kh * c.dilations[1]
                                            let ow = iw * c.strides[2] - c.padBegin[2] + kw * c.dilations[2]
                                            guard (0..<output[0]).contains(od), (0..<output[1]).contains(oh),
                                                (0..<output[2]).contains(ow)
                                            else { continue }
                                            let wPlane: Int = (channel * groupFilters + filter) * c.kernel[0]
                                            let wIndex: Int = ((wPlane + kd) * c.kernel[1] + kh) * c.kernel[2] + kw
                                            let outputChannel: Int = group * groupFilters + filter
                                            let oPlane: Int = (n * c.filters + outputChannel) * output[0]
                                            let oIndex: Int = ((oPlane + od) * output[1] + oh) * output[2] + ow
                                            result[oIndex] += x[xIndex] * w[wIndex]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if let bias {
            for index in result.indices { result[index] += bias[(index / planeSize) % c.filters] }
        }
        return ([c.batch, c.filters] + output.suffix(c.rank), result)
    }

    @Test func convTransposeWithGroupsStridesPadsAndOutputPadding() {
        var c = Case()
        c.batch = 2
        c.channels = 4
        c.filters = 6
        c.group = 2
        c.input = [1, 4, 3]
        c.kernel = [1, 3, 2]
        c.strides = [1, 3, 2]
        c.dilations = [1, 1, 2]
        c.padBegin = [0, 1, 0]
        c.padEnd = [0, 2, 1]
        let outputPadding = [0, 1, 1]
        let x = Harness.random(c.xShape.reduce(1, *), seed: 180)
        let wShape = [c.channels, c.filters / c.group] + c.kernel.suffix(c.rank)
        let w = Harness.random(wShape.reduce(1, *), seed: 181)
        let b = Harness.random(c.filters, seed: 182)
        var attributes = c.attributes
        attributes["output_padding"] = .ints(outputPadding.suffix(c.rank).map { Int64($0) })
        let result = Harness.floats(
            "ConvTranspose",
            attributes: attributes,
            inputs: [
                Tensor(shape: c.xShape, floats: x), Tensor(shape: wShape, floats: w),
                Tensor(shape: [c.filters], floats: b),
            ]
        )
        let expected = Self.naiveConvTranspose(c, outputPadding: outputPadding, x: x, w: w, bias: b)
        #expect(result.shape == expected.shape)
        Harness.expectClose(result.values, expected.values)
    }

    /// output_shape and SAME_UPPER set the pads: total = natural size - requested size, the odd one at the end for
    /// SAME_UPPER and at the start otherwise.
    @Test(arguments: [("NOTSET", [6, 5]), ("SAME_UPPER", [6, 6]), ("SAME_LOWER", [6, 6])])
    func convTransposeComputesItsPads(mode: String, requested: [Int]) {
        var c = Case()
        c.filters = 2
        c.input = [1, 3, 3]
        c.kernel = [1, 3, 3]
        c.strides = [1, 2, 2]
        for axis in 1..<3 {
            let natural = c.strides[axis] * (c.input[axis] - 1) + c.kernel[axis]
            let total = natural - requested[axis - 1]
            c.padBegin[axis] = mode == "SAME_UPPER" ? total / 2 : total - total / 2
            c.padEnd[axis] = total - c.padBegin[axis]
        }
        let x = Harness.random(9, seed: 190)
        let w = Harness.random(18, seed: 191)
        var attributes: [String: Attribute] = ["strides": .ints([2, 2])]
        if mode == "NOTSET" {
            attributes["output_shape"] = .ints(requested.map { Int64($0) })
        } else {
            attributes["auto_pad"] = .string(Array(mode.utf8))
        }
        let result = Harness.floats(
            "ConvTranspose",
            attributes: attributes,
            inputs: [Tensor(shape: [1, 1, 3, 3], floats: x), Tensor(shape: [1, 2, 3, 3], floats: w)]
        )
        let expected = Self.naiveConvTranspose(c, outputPadding: [0, 0, 0], x: x, w: w, bias: nil)
        #expect(result.shape == [1, 2] + requested)
        #expect(expected.shape == result.shape)
        Harness.expectClose(result.values, expected.values)
    }

    @Test func convTransposeErrors() {
        let x = Tensor(shape: [1, 2, 3, 3], floats: Harness.random(18, seed: 200))
        let w = Tensor(shape: [3, 1, 2, 2], floats: Harness.random(12, seed: 201))
        #expect(Harness.error("ConvTranspose", inputs: [x, w])?.code == .invalidInput)
        let fits = Tensor(shape: [2, 1, 2, 2], floats: Harness.random(8, seed: 202))
        #expect(Harness.error("ConvTranspose", inputs: [x, fits]) == nil)
        let hugePads: [String: Attribute] = ["pads": .ints([3, 3, 3, 3])]
        #expect(Harness.error("ConvTranspose", attributes: hugePads, inputs: [x, fits])?.code == .invalidInput)
        let badShape: [String: Attribute] = ["output_shape": .ints([1, 2, 3])]
        #expect(Harness.error("ConvTranspose", attributes: badShape, inputs: [x, fits])?.code == .invalidInput)
    }
}
