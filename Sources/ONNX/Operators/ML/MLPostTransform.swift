import Core

/// The `post_transform` of the ml-domain models, computed in float32 with onnxruntime's formulas (its logistic, its
/// erf⁻¹ approximation for PROBIT, its softmax variants), so that scores agree with onnxruntime's to a few ulps.
enum MLPostTransform: Sendable, Equatable {
    case none
    case logistic
    case softmax
    case softmaxZero
    case probit

    /// The STRING attribute `post_transform` (default NONE) of the opset-1 and -3 operators.
    static func read(
        _ attributes: NodeAttributes,
        name: String = "post_transform"
    ) throws(KServeError) -> MLPostTransform {
        let text = try attributes.string(name, default: "NONE")
        switch text {
        case "NONE": return .none
        case "LOGISTIC": return .logistic
        case "SOFTMAX": return .softmax
        case "SOFTMAX_ZERO": return .softmaxZero
        case "PROBIT": return .probit
        default:
            throw KServeError(
                .invalidInput,
                "\(name) \"\(text)\" is not one of NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO, PROBIT"
            )
        }
    }

    /// The INT attribute `post_transform` of TreeEnsemble (ml opset 5), numbered as onnxruntime reads it: 0 NONE,
    /// 1 LOGISTIC, 2 SOFTMAX, 3 SOFTMAX_ZERO, 4 PROBIT. (The ONNX schema text numbers 1 SOFTMAX and 2 LOGISTIC;
    /// onnxruntime casts the integer to its own enum, and this executor follows onnxruntime, the reference its results
    /// are compared with.)
    static func read(code: Int64) throws(KServeError) -> MLPostTransform {
        switch code {
        case 0: return .none
        case 1: return .logistic
        case 2: return .softmax
        case 3: return .softmaxZero
        case 4: return .probit
        default: throw KServeError(.invalidInput, "post_transform \(code) is not in 0...4")
        }
    }
}

/// onnxruntime's float32 scoring functions (`ml_common.h`).
enum MLMath {
    /// `1 / (1 + e^-|x|)`, mirrored for negative x.
    @inline(__always)
    static func logistic(_ value: Float) -> Float {
        let positive = 1 / (1 + expf(-abs(value)))
        return value < 0 ? 1 - positive : positive
    }

    /// `√2 · erf⁻¹(2x - 1)`.
    @inline(__always)
    static func probit(_ value: Float) -> Float {
        Float(2).squareRoot() * erfInverse(2 * value - 1)
    }

    /// Winitzki's approximation of erf⁻¹ with a = 0.147, as onnxruntime computes it.
    static func erfInverse(_ input: Float) -> Float {
        let sign: Float = input < 0 ? -1 : 1
        let product = (1 - input) * (1 + input)
        let logarithm = logf(product)
        let first = 2 / (Float.pi * 0.147) + 0.5 * logarithm
        let second = 1 / Float(0.147) * logarithm
        let inner = -first + (first * first - second).squareRoot()
        return sign * inner.squareRoot()
    }

    /// Softmax of `values` in place: exponentials of `x - max` summed in float.
    static func softmax(_ values: UnsafeMutableBufferPointer<Float>) {
        var maximum = -Float.greatestFiniteMagnitude
        for value in values where value > maximum { maximum = value }
        var sum: Float = 0
        for index in values.indices {
            let exponential = expf(values[index] - maximum)
            values[index] = exponential
            sum += exponential
        }
        for index in values.indices { values[index] /= sum }
    }

    /// Softmax that leaves (near-)zero scores out of the exponentials: they contribute `x · e^-max` instead.
    static func softmaxZero(_ values: UnsafeMutableBufferPointer<Float>) {
        var maximum = -Float.greatestFiniteMagnitude
        for value in values where value > maximum { maximum = value }
        let scale = expf(-maximum)
        var sum: Float = 0
        for index in values.indices {
            let value = values[index]
            if value > 0.000_000_1 || value < -0.000_000_1 {
                let exponential = expf(value - maximum)
                values[index] = exponential
                sum += exponential
            } else {
                values[index] = value * scale
            }
        }
        for index in values.indices { values[index] /= sum }
    }

    /// `transform` over one row of two or more scores.
    static func apply(_ transform: MLPostTransform, row: UnsafeMutableBufferPointer<Float>) {
        switch transform {
        case .none: break
        case .logistic: for index in row.indices { row[index] = logistic(row[index]) }
        case .probit: for index in row.indices { row[index] = probit(row[index]) }
        case .softmax: softmax(row)
        case .softmaxZero: softmaxZero(row)
        }
    }
}
