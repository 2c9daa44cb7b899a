import Compute
import Core

/// The one-input elementwise operators: Neg, Abs and Relu for every numeric type; the activations and the
/// transcendental functions for float, double, float16 and bfloat16 (the half types compute as Float).
struct UnaryMath: Operator {
    enum Kind: Sendable {
        // Any numeric type.
        case neg
        case abs
        case relu
        case sign
        // Floating point only.
        case leakyRelu(alpha: Float)
        case sigmoid
        case hardSigmoid(alpha: Float, beta: Float)
        case tanh
        case exp
        case log
        case sqrt
        case reciprocal
        case erf
        case gelu(approximateTanh: Bool)
        case elu(alpha: Float)
        case selu(alpha: Float, gamma: Float)
        case softplus
        case softsign
        case ceil
        case floor
        case round
        case sin
        case cos

        var acceptsIntegers: Bool {
            switch self {
            case .neg, .abs, .relu, .sign: return true
            default: return false
            }
        }
    }

    let kind: Kind

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try inputs.required(0)
        if case .relu = kind, case .float(let values) = input.storage {
            return [Tensor(shape: input.shape, storage: .float(VectorKernels.relu(values)))]
        }
        let x = HalfPrecisionBridge.widened(input)
        let storage: TensorStorage
        if kind.acceptsIntegers {
            storage = try ElementDispatch.numeric(x.elementType, NumericKernel(kind: kind, x: x))
        } else {
            storage = try ElementDispatch.floating(x.elementType, FloatingKernel(kind: kind, x: x))
        }
        return [HalfPrecisionBridge.narrowed(Tensor(shape: x.shape, storage: storage), to: input.elementType)]
    }

    private struct NumericKernel: NumericVisitor {
        let kind: Kind
        let x: Tensor

        func visit<T: NumericElement>(_: T.Type) throws(KServeError) -> TensorStorage {
            let values = try ElementDispatch.values(x, as: T.self)
            switch kind {
            case .neg: return T.storage(BroadcastKernel.map(values) { T.negated($0) })
            case .abs: return T.storage(BroadcastKernel.map(values) { T.absolute($0) })
            // `x < 0 ? 0 : x` keeps NaN, as numpy's maximum does.
            case .relu: return T.storage(BroadcastKernel.map(values) { $0 < T.zero ? T.zero : $0 })
            case .sign:
                let minusOne = T.negated(T.one)
                return T.storage(
                    BroadcastKernel.map(values) {
                        $0 > T.zero ? T.one : ($0 < T.zero ? minusOne : ($0 == T.zero ? T.zero : $0))
                    }
                )
            default:
                throw KServeError(.invalidInput, "expected a floating-point tensor, got \(x.elementType)")
            }
        }
    }

    private struct FloatingKernel: FloatingVisitor {
        let kind: Kind
        let x: Tensor

        func visit<T: FloatingElement>(_: T.Type) throws(KServeError) -> TensorStorage {
            let values = try ElementDispatch.values(x, as: T.self)
            return T.storage(Self.apply(kind, values))
        }

        private static func apply<T: FloatingElement>(_ kind: Kind, _ values: [T]) -> [T] {
            switch kind {
            case .neg: return BroadcastKernel.map(values) { -$0 }
            case .abs: return BroadcastKernel.map(values) { Swift.abs($0) }
            case .relu: return BroadcastKernel.map(values) { $0 < 0 ? 0 : $0 }
            case .sign: return BroadcastKernel.map(values) { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }
            case .leakyRelu(let alpha):
                let slope = T(alpha)
                return BroadcastKernel.map(values) { $0 < 0 ? slope * $0 : $0 }
            case .sigmoid: return BroadcastKernel.map(values) { sigmoid($0) }
            case .hardSigmoid(let alpha, let beta):
                let slope = T(alpha)
                let offset = T(beta)
                return BroadcastKernel.map(values) { Swift.max(0, Swift.min(1, slope * $0 + offset)) }
            case .tanh: return BroadcastKernel.map(values) { T.hyperbolicTangent($0) }
            case .exp: return BroadcastKernel.map(values) { T.exponential($0) }
            case .log: return BroadcastKernel.map(values) { T.logarithm($0) }
            case .sqrt: return BroadcastKernel.map(values) { $0.squareRoot() }
            case .reciprocal: return BroadcastKernel.map(values) { 1 / $0 }
            case .erf: return BroadcastKernel.map(values) { T.errorFunction($0) }
            case .gelu(let approximateTanh):
                if approximateTanh {
                    // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
                    let scale = T(0.797_884_560_802_865_4)
                    let cubic = T(0.044_715)
                    return BroadcastKernel.map(values) {
                        0.5 * $0 * (1 + T.hyperbolicTangent(scale * ($0 + cubic * $0 * $0 * $0)))
                    }
                }
                // 0.5 x (1 + erf(x / sqrt(2)))
                let inverseSqrt2 = T(0.707_106_781_186_547_5)
                return BroadcastKernel.map(values) { 0.5 * $0 * (1 + T.errorFunction($0 * inverseSqrt2)) }
            case .elu(let alpha):
                let scale = T(alpha)
                return BroadcastKernel.map(values) { $0 < 0 ? scale * (T.exponential($0) - 1) : $0 }
            case .selu(let alpha, let gamma):
                let scale = T(alpha)
                let outer = T(gamma)
                return BroadcastKernel.map(values) { $0 <= 0 ? outer * scale * (T.exponential($0) - 1) : outer * $0 }
            case .softplus:
                // log(1 + exp(x)), written so that large x neither overflows nor loses precision.
                return BroadcastKernel.map(values) {
                    $0 > 0 ? $0 + T.logarithm(1 + T.exponential(-$0)) : T.logarithm(1 + T.exponential($0))
                }
            case .softsign: return BroadcastKernel.map(values) { $0 / (1 + Swift.abs($0)) }
            case .ceil: return BroadcastKernel.map(values) { $0.rounded(.up) }
            case .floor: return BroadcastKernel.map(values) { $0.rounded(.down) }
            case .round: return BroadcastKernel.map(values) { $0.rounded(.toNearestOrEven) }
            case .sin: return BroadcastKernel.map(values) { T(sin($0.doubleValue)) }
            case .cos: return BroadcastKernel.map(values) { T(cos($0.doubleValue)) }
            }
        }

        /// 1 / (1 + e^-x): for very negative x, e^-x overflows to infinity and the result is the correct 0; for
        /// large x it is 1. Branch-free, and as accurate as the two-sided form.
        @inline(__always)
        private static func sigmoid<T: FloatingElement>(_ x: T) -> T {
            1 / (1 + T.exponential(-x))
        }
    }
}
