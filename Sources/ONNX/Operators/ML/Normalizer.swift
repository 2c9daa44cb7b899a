import Compute
import Core

/// ai.onnx.ml Normalizer: each row (of a `[N, C]` or `[C]` input) divided by its MAX, L1 or L2 norm; a row whose
/// norm is zero is copied. Float output; arithmetic as onnxruntime's (float sums, the square taken in the input type).
struct NormalizerOperator: Operator {
    enum Norm {
        case max
        case l1
        case l2
    }

    let norm: Norm

    init(_ node: NodeDescription) throws(KServeError) {
        let text = try node.attributes.string("norm", default: "MAX")
        switch text {
        case "MAX": norm = .max
        case "L1": norm = .l1
        case "L2": norm = .l2
        default: throw KServeError(.invalidInput, "norm \"\(text)\" is not one of MAX, L1, L2")
        }
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try inputs.required(0)
        let (_, columns) = try FeatureMatrix.shape(of: input)
        let output: [Float]
        switch input.storage {
        case .float(let values): output = normalize(values, columns: columns)
        case .double(let values): output = normalize(values, columns: columns)
        case .int64(let values): output = normalize(values, columns: columns)
        case .int32(let values): output = normalize(values, columns: columns)
        default:
            throw KServeError(
                .invalidInput,
                "input X is \(input.elementType), expected float, double, int32 or int64"
            )
        }
        return [Tensor(shape: input.shape, floats: output)]
    }

    private func normalize<T: NormalizerElement>(_ values: [T], columns: Int) -> [Float] {
        var output = [Float](repeating: 0, count: values.count)
        guard columns > 0 else { return output }
        values.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                var start = 0
                while start + columns <= input.count {
                    let end = start + columns
                    switch norm {
                    case .max:
                        var largest = -Float.greatestFiniteMagnitude
                        for index in start..<end {
                            let value = input[index].normalizerFloat
                            if largest < value { largest = value }
                        }
                        for index in start..<end {
                            let value = input[index].normalizerFloat
                            output[index] = largest != 0 ? value / largest : value
                        }
                    case .l1:
                        var sum: Float = 0
                        for index in start..<end { sum += input[index].normalizerMagnitude }
                        for index in start..<end {
                            let value = input[index].normalizerFloat
                            output[index] = sum != 0 ? value / sum : value
                        }
                    case .l2:
                        var sum: Float = 0
                        for index in start..<end {
                            let square = input[index].normalizerSquare
                            output[index] = square
                            sum += square
                        }
                        for index in start..<end {
                            if sum != 0 {
                                let root = (output[index] / sum).squareRoot()
                                output[index] = input[index].normalizerIsNegative ? -root : root
                            } else {
                                output[index] = input[index].normalizerFloat
                            }
                        }
                    }
                    start = end
                }
            }
        }
        return output
    }
}

/// The element types Normalizer reads, with onnxruntime's per-type arithmetic.
protocol NormalizerElement {
    var normalizerFloat: Float { get }
    /// `|x|` in the element type, then as float.
    var normalizerMagnitude: Float { get }
    /// `x · x` in the element type (wrapping for integers), then as float.
    var normalizerSquare: Float { get }
    var normalizerIsNegative: Bool { get }
}

extension Float: NormalizerElement {
    var normalizerFloat: Float { self }
    var normalizerMagnitude: Float { abs(self) }
    var normalizerSquare: Float { self * self }
    var normalizerIsNegative: Bool { self < 0 }
}

extension Double: NormalizerElement {
    var normalizerFloat: Float { Float(self) }
    var normalizerMagnitude: Float { Float(abs(self)) }
    var normalizerSquare: Float { Float(self * self) }
    var normalizerIsNegative: Bool { self < 0 }
}

extension Int64: NormalizerElement {
    var normalizerFloat: Float { Float(self) }
    var normalizerMagnitude: Float { Float(self.magnitude) }
    var normalizerSquare: Float { Float(self &* self) }
    var normalizerIsNegative: Bool { self < 0 }
}

extension Int32: NormalizerElement {
    var normalizerFloat: Float { Float(self) }
    var normalizerMagnitude: Float { Float(self.magnitude) }
    var normalizerSquare: Float { Float(self &* self) }
    var normalizerIsNegative: Bool { self < 0 }
}
