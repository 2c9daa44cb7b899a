import Compute
import Core
import Testing

@testable import ONNX

/// A Relu that is its Conv's only reader runs inside the Conv; a Conv output that something else reads is not fused.
struct ActivationFusionTests {
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int(state >> 40) % 2001 - 1000) / 500
        }
    }

    /// Conv (kernel `k`, 2 channels to 3 filters, pads `pad`) and Relu; `exposeConv` makes the Conv's output a graph
    /// output too.
    static func model(kernel k: Int, pad: Int, exposeConv: Bool) throws -> ONNXModel {
        var builder = ModelBuilder()
        let side = 9 + 2 * pad - k + 1
        builder.input("x", .float, [nil, 2, 9, 9])
        builder.initializer("w", dims: [3, 2, Int64(k), Int64(k)], floats: values(3 * 2 * k * k, seed: UInt64(k)))
        builder.initializer("b", dims: [3], floats: [-0.5, 0, 0.5])
        builder.node("Conv", ["x", "w", "b"], ["c"], name: "conv")
        if pad > 0 {
            var attribute = Onnx_AttributeProto()
            attribute.name = "pads"
            attribute.type = .ints
            attribute.ints = [Int64](repeating: Int64(pad), count: 4)
            builder.model.graph.node[0].attribute.append(attribute)
        }
        builder.node("Relu", ["c"], ["y"], name: "relu")
        builder.output("y", .float, [nil, 3, side, side])
        if exposeConv { builder.output("c", .float, [nil, 3, side, side]) }
        return try ONNXModel(bytes: try builder.bytes(), directory: nil)
    }

    /// The padded path (3x3 with pads), the plain unrolled one (3x3 without) and the direct one (1x1).
    @Test(arguments: [(3, 1), (3, 0), (1, 0)])
    func reluAfterConvIsFusedAndAgrees(kernel: Int, pad: Int) throws {
        let fused = try Self.model(kernel: kernel, pad: pad, exposeConv: false)
        let plain = try Self.model(kernel: kernel, pad: pad, exposeConv: true)
        #expect(fused.plan.fusedNodeCount == 1)
        #expect(plain.plan.fusedNodeCount == 0)
        var x = Self.values(2 * 2 * 81, seed: 99)
        x[7] = .nan
        let input = Tensor(shape: [2, 2, 9, 9], floats: x)
        let y = try #require(try fused.run([input])[0].values(Float.self))
        let outputs = try plain.run([input])
        let reference = try #require(outputs[0].values(Float.self))
        let convolved = try #require(outputs[1].values(Float.self))
        #expect(convolved.contains { $0 < 0 }, "the case must have negative convolutions to clamp")
        #expect(y.count == reference.count)
        for (index, (got, want)) in zip(y, reference).enumerated() {
            #expect(got == want || (got.isNaN && want.isNaN), "\(index): \(got) vs \(want)")
        }
    }
}
