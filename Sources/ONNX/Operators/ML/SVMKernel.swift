import Compute
import Core

/// The kernel of SVMClassifier and SVMRegressor (`kernel_type`, `kernel_params = [gamma, coef0, degree]`), evaluated
/// as onnxruntime does in float32: LINEAR `x·v + c`, POLY `(γ x·v + coef0)^degree`, RBF `exp(-γ |x - v|²)`, SIGMOID
/// `tanh(γ x·v + coef0)`.
struct SVMKernel: Sendable {
    enum Kind: Sendable {
        case linear
        case poly
        case rbf
        case sigmoid
    }

    var kind: Kind
    var gamma: Float = 0
    var coef0: Float = 0
    var degree: Float = 0

    init(_ attributes: NodeAttributes) throws(KServeError) {
        let text = try attributes.string("kernel_type", default: "LINEAR")
        switch text {
        case "LINEAR": kind = .linear
        case "POLY": kind = .poly
        case "RBF": kind = .rbf
        case "SIGMOID": kind = .sigmoid
        default: throw KServeError(.invalidInput, "kernel_type \"\(text)\" is not one of LINEAR, POLY, RBF, SIGMOID")
        }
        let parameters = try attributes.floats("kernel_params") ?? []
        if !parameters.isEmpty {
            guard parameters.count >= 3 else {
                throw KServeError(
                    .invalidInput,
                    "kernel_params has \(parameters.count) values, expected [gamma, coef0, degree]"
                )
            }
            gamma = parameters[0]
            coef0 = parameters[1]
            degree = parameters[2]
        }
    }

    /// `K(x_r, v_j)` for every row `x_r` of `input` (`rows × features`) and vector `v_j` of `vectors`
    /// (`count × features`), as `rows × count`; `constant` is the LINEAR kernel's added term.
    func apply(
        _ input: [Float],
        rows: Int,
        features: Int,
        vectors: [Float],
        count: Int,
        constant: Float = 0,
        context: ExecutionContext
    ) throws(KServeError) -> [Float] {
        if kind == .rbf {
            let (total, overflow) = rows.multipliedReportingOverflow(by: count)
            guard !overflow else { throw KServeError(.invalidInput, "\(rows) rows of \(count) kernels are too many") }
            try context.reserve(elements: total, of: .float)
            var output = [Float](repeating: 0, count: total)
            input.withUnsafeBufferPointer { input in
                vectors.withUnsafeBufferPointer { vectors in
                    output.withUnsafeMutableBufferPointer { output in
                        for row in 0..<rows {
                            let x = row * features
                            for vector in 0..<count {
                                let v = vector * features
                                var sum: Float = 0
                                for feature in 0..<features {
                                    let difference = input[x + feature] - vectors[v + feature]
                                    sum += difference * difference
                                }
                                output[row * count + vector] = expf(-gamma * sum)
                            }
                        }
                    }
                }
            }
            return output
        }
        let linear = kind == .linear
        let bias = [Float](repeating: linear ? constant : coef0, count: count)
        var output = try MLScores.affine(
            input,
            rows: rows,
            features: features,
            weights: vectors,
            outputs: count,
            bias: bias,
            alpha: linear ? 1 : gamma,
            context: context
        )
        switch kind {
        case .poly:
            for index in output.indices {
                let value = output[index]
                output[index] = degree == 2 ? value * value : degree == 3 ? value * value * value : powf(value, degree)
            }
        case .sigmoid:
            for index in output.indices { output[index] = tanhf(output[index]) }
        case .linear, .rbf:
            break
        }
        return output
    }
}
