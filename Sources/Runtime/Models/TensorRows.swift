import Core
import Inference

/// Converts tensor elements to the `Double` rows the tree executors read.
enum TensorRows {
    /// The elements of `tensor` as `Double`s, row-major. BOOL reads as 0 and 1; BYTES is refused.
    static func doubles(_ tensor: InferTensor, context: String) throws(KServeError) -> [Double] {
        switch tensor.data {
        case .fp64(let values): return values
        case .fp32(let values): return convert(values) { Double($0) }
        case .fp16(let values): return convert(values) { Double(HalfPrecision.float(fp16Bits: $0)) }
        case .bf16(let values): return convert(values) { Double(HalfPrecision.float(bf16Bits: $0)) }
        case .int8(let values): return convert(values) { Double($0) }
        case .int16(let values): return convert(values) { Double($0) }
        case .int32(let values): return convert(values) { Double($0) }
        case .int64(let values): return convert(values) { Double($0) }
        case .uint8(let values): return convert(values) { Double($0) }
        case .uint16(let values): return convert(values) { Double($0) }
        case .uint32(let values): return convert(values) { Double($0) }
        case .uint64(let values): return convert(values) { Double($0) }
        case .bool(let values): return convert(values) { $0 ? 1 : 0 }
        case .bytes:
            throw KServeError(.invalidInput, "\(context): datatype BYTES is not numeric; send numbers")
        }
    }

    /// Maps through a buffer pointer into uninitialized storage (no per-element bounds checks or appends).
    private static func convert<T>(_ values: [T], _ transform: (T) -> Double) -> [Double] {
        values.withUnsafeBufferPointer { source in
            [Double](unsafeUninitializedCapacity: source.count) { target, initialized in
                for index in 0..<source.count {
                    target.initializeElement(at: index, to: transform(source[index]))
                }
                initialized = source.count
            }
        }
    }
}
