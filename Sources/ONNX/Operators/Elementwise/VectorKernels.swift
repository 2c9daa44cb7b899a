/// Elementwise loops written with SIMD types for the hottest activations: a scalar `x < 0 ? 0 : x` compiles to a
/// branch per element, which random signs mispredict half the time; a vector select has no branch.
enum VectorKernels {
    /// `max(x, 0)` keeping NaN (`x < 0` is false for NaN), as numpy's maximum and onnxruntime do.
    static func relu(_ values: [Float]) -> [Float] {
        let count = values.count
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            values.withUnsafeBufferPointer { input in
                guard let source = input.baseAddress, let target = out.baseAddress else { return }
                let width = SIMD8<Float>.scalarCount
                var index = 0
                while index + width <= count {
                    let vector = UnsafeRawPointer(source + index).loadUnaligned(as: SIMD8<Float>.self)
                    let result = vector.replacing(with: 0, where: vector .< 0)
                    UnsafeMutableRawPointer(target + index).storeBytes(of: result, as: SIMD8<Float>.self)
                    index += width
                }
                while index < count {
                    let value = source[index]
                    (target + index).initialize(to: value < 0 ? 0 : value)
                    index += 1
                }
            }
            initialized = count
        }
    }
}
