import Compute
import Core

/// Folds a Relu into the Conv before it when the Relu is that Conv output's only reader: the convolution clamps each
/// image's output while it is still in cache, and the Relu node passes its input through, so neither a pass over the
/// whole batch nor a second buffer is spent on it. A Conv output that is a graph output or read elsewhere is left
/// alone (its readers must see it unclamped).
enum ActivationFusion {
    /// Rewrites `steps` in place; answers how many activations were fused.
    static func apply(to steps: inout [ExecutionStep], keeping graphOutputs: Set<Int>) -> Int {
        var readers: [Int: [Int]] = [:]
        for (position, step) in steps.enumerated() {
            for slot in Set(step.inputs) where slot >= 0 { readers[slot, default: []].append(position) }
        }
        var fused = 0
        for position in steps.indices {
            guard let conv = steps[position].op as? ConvOperator, !conv.clampsAtZero,
                let output = steps[position].outputs.first, output >= 0, !graphOutputs.contains(output),
                let reader = readers[output], reader.count == 1,
                let relu = steps[reader[0]].op as? UnaryMath, case .relu = relu.kind,
                steps[reader[0]].inputs.first == output
            else { continue }
            steps[position].op = conv.clampingAtZero()
            steps[reader[0]].op = IdentityOperator()
            fused += 1
        }
        return fused
    }
}
