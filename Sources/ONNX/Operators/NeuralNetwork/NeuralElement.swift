import Compute
import Core

/// Float and Double: the element types that the products, convolutions, pools and normalisations compute in. Their
/// matrix products go through the context's compute backend, never a library of their own.
protocol NeuralElement: BinaryFloatingPoint, TensorElement {
    static func gemm(
        _ backend: any ComputeBackend,
        _ shape: GemmShape,
        a: UnsafePointer<Self>,
        b: UnsafePointer<Self>,
        c: UnsafeMutablePointer<Self>
    )
}

extension Float: NeuralElement {
    static func gemm(
        _ backend: any ComputeBackend,
        _ shape: GemmShape,
        a: UnsafePointer<Float>,
        b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>
    ) {
        backend.gemm(shape, a: a, b: b, c: c)
    }
}

extension Double: NeuralElement {
    static func gemm(
        _ backend: any ComputeBackend,
        _ shape: GemmShape,
        a: UnsafePointer<Double>,
        b: UnsafePointer<Double>,
        c: UnsafeMutablePointer<Double>
    ) {
        backend.gemm(shape, a: a, b: b, c: c)
    }
}

/// Reading operands and allocating results, shared by the operators of this family.
enum NeuralSupport {
    /// The elements of `tensor` as `T` (the type of the node's first input), or an error naming both types.
    static func values<T: TensorElement>(
        _ tensor: Tensor,
        as _: T.Type,
        input name: String
    ) throws(KServeError) -> [T] {
        guard let values = T.values(tensor.storage) else {
            throw KServeError(
                .invalidInput,
                "input \(name) is \(tensor.elementType), expected \(T.elementType) like the first input"
            )
        }
        return values
    }

    /// A convolution's W and optional B as `T`, the type of its X.
    static func weightsAndBias<T: TensorElement>(
        _ w: Tensor,
        _ bias: Tensor?,
        as type: T.Type
    ) throws(KServeError) -> (weights: [T], bias: [T]?) {
        let weights = try values(w, as: type, input: "W")
        guard let bias else { return (weights, nil) }
        return (weights, try values(bias, as: type, input: "B"))
    }

    /// An array of `count` elements that `body` initialises completely (every element written).
    static func array<T>(count: Int, _ body: (UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(buffer)
            initialized = count
        }
    }

    /// The product of `dimensions`, or an error when it overflows or a dimension is negative.
    static func product(_ dimensions: [Int]) throws(KServeError) -> Int {
        try Tensor.elementCount(dimensions)
    }

    /// `a * b`, or an error when it overflows.
    static func multiply(_ a: Int, _ b: Int) throws(KServeError) -> Int {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow, result >= 0 else {
            throw KServeError(.invalidInput, "a size of \(a) x \(b) elements is too large")
        }
        return result
    }

    /// The sum of element counts, or an error when it overflows.
    static func sum(_ counts: Int...) throws(KServeError) -> Int {
        var total = 0
        for count in counts {
            let (result, overflow) = total.addingReportingOverflow(count)
            guard !overflow, result >= 0 else {
                throw KServeError(
                    .invalidInput,
                    "a size of \(counts.map(String.init).joined(separator: " + ")) elements is too large"
                )
            }
            total = result
        }
        return total
    }

    /// A float16 or bfloat16 tensor's elements widened to Float; nil for any other type.
    static func widenedHalf(_ tensor: Tensor) -> [Float]? {
        switch tensor.storage {
        case .float16(let bits): return bits.map { HalfPrecision.float(fp16Bits: $0) }
        case .bfloat16(let bits): return bits.map { HalfPrecision.float(bf16Bits: $0) }
        default: return nil
        }
    }

    /// Floats narrowed back to `type` (float16 or bfloat16; anything else keeps Float).
    static func narrowed(_ values: [Float], to type: ElementType) -> TensorStorage {
        switch type {
        case .float16: return .float16(values.map { HalfPrecision.fp16Bits($0) })
        case .bfloat16: return .bfloat16(values.map { HalfPrecision.bf16Bits($0) })
        default: return .float(values)
        }
    }

    /// An error for an input of a type that the operator does not compute with.
    static func unsupportedType(_ opType: String, _ tensor: Tensor, expected: String) -> KServeError {
        KServeError(.invalidInput, "\(opType) takes \(expected) tensors, got \(tensor.elementType)")
    }
}
