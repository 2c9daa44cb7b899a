import Compute
import Core

/// GlobalAveragePool and GlobalMaxPool: one value per (N, C) plane over every spatial axis; the output keeps the
/// rank with spatial dimensions of 1.
struct GlobalPoolOperator: Operator {
    enum Kind {
        case average
        case maximum
    }

    let kind: Kind

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let x = try inputs.required(0)
        let name = kind == .average ? "GlobalAveragePool" : "GlobalMaxPool"
        guard x.rank >= 2 else {
            throw KServeError(.invalidInput, "\(name) takes X [N,C,...], got \(Tensor.describe(x.shape))")
        }
        let planes = try NeuralSupport.multiply(x.shape[0], x.shape[1])
        let planeSize = try NeuralSupport.product(Array(x.shape[2...]))
        let outputShape = [x.shape[0], x.shape[1]] + [Int](repeating: 1, count: x.rank - 2)
        switch x.storage {
        case .float(let values):
            return [Tensor(shape: outputShape, values: reduce(values, planes: planes, planeSize: planeSize))]
        case .double(let values):
            return [Tensor(shape: outputShape, values: reduce(values, planes: planes, planeSize: planeSize))]
        case .float16, .bfloat16:
            let result = reduce(NeuralSupport.widenedHalf(x) ?? [], planes: planes, planeSize: planeSize)
            return [Tensor(shape: outputShape, storage: NeuralSupport.narrowed(result, to: x.elementType))]
        default:
            throw NeuralSupport.unsupportedType(name, x, expected: "float, double or float16")
        }
    }

    private func reduce<T: NeuralElement>(_ input: [T], planes: Int, planeSize: Int) -> [T] {
        NeuralSupport.array(count: planes) { out in
            input.withUnsafeBufferPointer { x in
                for plane in 0..<planes {
                    let values = x[(plane * planeSize)..<((plane + 1) * planeSize)]
                    let result: T
                    switch kind {
                    case .average:
                        // Summed in Double: a large plane in Float loses digits.
                        var sum = 0.0
                        for value in values { sum += Double(value) }
                        result = T(sum / Double(planeSize))
                    case .maximum:
                        var best = -T.infinity
                        for value in values where value > best { best = value }
                        result = planeSize == 0 ? T.nan : best
                    }
                    out.initializeElement(at: plane, to: result)
                }
            }
        }
    }
}
