import Compute
import Core

/// Transpose: output axis `i` is input axis `perm[i]`; without `perm`, the axes reversed.
struct TransposeOperator: Operator {
    let permutation: [Int]?

    static func make(_ node: NodeDescription) throws(KServeError) -> any Operator {
        let permutation = try node.attributes.ints("perm")?.map { Int($0) }
        if let permutation {
            guard permutation.sorted() == Array(0..<permutation.count) else {
                throw KServeError(
                    .invalidInput,
                    "attribute perm \(Tensor.describe(permutation)) is not a permutation of its axes"
                )
            }
        }
        return TransposeOperator(permutation: permutation)
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let data = try inputs.required(0)
        let permutation = permutation ?? Array((0..<data.rank).reversed())
        guard permutation.count == data.rank else {
            throw KServeError(
                .invalidInput,
                "perm \(Tensor.describe(permutation)) has \(permutation.count) axes, the input has rank \(data.rank)"
                    + " (shape \(Tensor.describe(data.shape)))"
            )
        }
        let shape = permutation.map { data.shape[$0] }
        let kernel = TransposeKernel(sourceShape: data.shape, permutation: permutation)
        if kernel.isCopy { return [data.reshaped(shape)] }
        return [Tensor(shape: shape, storage: try data.storage.moved(with: kernel))]
    }
}
