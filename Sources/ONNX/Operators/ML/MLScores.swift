import Compute
import Core

/// Score arithmetic shared by the linear and SVM models.
enum MLScores {
    /// `alpha · X · Wᵀ + bias` for `X` of `rows × features` and `W` of `outputs × features` (row-major), through the
    /// context's backend; `bias` (one per output) may be nil for zero.
    static func affine(
        _ input: [Float],
        rows: Int,
        features: Int,
        weights: [Float],
        outputs: Int,
        bias: [Float]?,
        alpha: Float = 1,
        context: ExecutionContext
    ) throws(KServeError) -> [Float] {
        let (count, overflow) = rows.multipliedReportingOverflow(by: outputs)
        guard !overflow else { throw KServeError(.invalidInput, "\(rows) rows of \(outputs) scores are too many") }
        try context.reserve(elements: count, of: .float)
        var scores = [Float](repeating: 0, count: count)
        if let bias, outputs > 0 {
            scores.withUnsafeMutableBufferPointer { buffer in
                for row in 0..<rows {
                    for output in 0..<outputs { buffer[row * outputs + output] = bias[output] }
                }
            }
        }
        guard rows > 0, outputs > 0, features > 0 else { return scores }
        let shape = GemmShape(
            transposeA: false,
            transposeB: true,
            m: rows,
            n: outputs,
            k: features,
            alpha: Double(alpha),
            beta: 1
        )
        input.withUnsafeBufferPointer { a in
            weights.withUnsafeBufferPointer { b in
                scores.withUnsafeMutableBufferPointer { c in
                    guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
                    context.backend.gemm(shape, a: a, b: b, c: c)
                }
            }
        }
        return scores
    }

    /// Index of the first largest score of a row (a NaN never wins over an earlier score).
    @inline(__always)
    static func argmax(_ row: UnsafeBufferPointer<Float>) -> Int {
        guard !row.isEmpty else { return 0 }
        var best = 0
        var bestValue = row[0]
        for index in 1..<row.count where row[index] > bestValue {
            best = index
            bestValue = row[index]
        }
        return best
    }

    /// How onnxruntime widens one binary score `s` into the two columns `[class 0, class 1]`: PROBIT gives `probit(s)`
    /// and leaves the second column unwritten (NaN here), LOGISTIC gives `[σ(-s), σ(s)]`, and otherwise scores that
    /// are probabilities (`complement`) give `[1 - s, s]` and margins give `[-s, s]`.
    @inline(__always)
    static func binaryPair(_ score: Float, transform: MLPostTransform, complement: Bool) -> (Float, Float) {
        switch transform {
        case .probit: return (MLMath.probit(score), .nan)
        case .logistic: return (MLMath.logistic(-score), MLMath.logistic(score))
        default: return complement ? (1 - score, score) : (-score, score)
        }
    }

    /// onnxruntime's transform of a `rows × columns` score matrix in place: each row as a whole for two or more
    /// columns; for one column only PROBIT applies (its other transforms are not applied to a lone score).
    static func transform(_ scores: inout [Float], columns: Int, _ transform: MLPostTransform) {
        guard transform != .none else { return }
        scores.withUnsafeMutableBufferPointer { buffer in
            if columns == 1 {
                if transform == .probit {
                    for index in buffer.indices { buffer[index] = MLMath.probit(buffer[index]) }
                }
                return
            }
            guard columns > 1, let base = buffer.baseAddress else { return }
            var start = 0
            while start + columns <= buffer.count {
                MLMath.apply(transform, row: UnsafeMutableBufferPointer(start: base + start, count: columns))
                start += columns
            }
        }
    }
}
