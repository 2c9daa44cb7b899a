import Core

/// How requests are spread over the models of a many-model run: evenly, or Zipf-skewed (model `k`, counting from
/// 0, is chosen with probability proportional to `1 / (k + 1)^s`, so the first model is the hottest).
package enum ModelDistribution: Sendable, Equatable {
    case uniform
    case zipf(exponent: Double)

    /// `uniform`, `zipf` (exponent 1) or `zipf:S` with S a positive number (1.1 is typical of real traffic).
    package static func parse(_ text: String) throws(KServeError) -> ModelDistribution {
        let lowered = text.lowercased()
        if lowered == "uniform" { return .uniform }
        if lowered == "zipf" { return .zipf(exponent: 1) }
        if lowered.hasPrefix("zipf:") {
            let number = String(lowered.dropFirst("zipf:".count))
            guard let exponent = Double(number), exponent.isFinite else {
                throw KServeError(
                    .usage,
                    "invalid distribution \"\(text)\": the Zipf exponent \"\(number)\" is not a number"
                )
            }
            guard exponent > 0 else {
                throw KServeError(
                    .usage,
                    "invalid distribution \"\(text)\": the Zipf exponent must be above 0 "
                        + "(use uniform for an even spread)"
                )
            }
            return .zipf(exponent: exponent)
        }
        throw KServeError(.usage, "invalid distribution \"\(text)\": expected uniform or zipf:S (for example zipf:1.1)")
    }

    /// Relative weight of each model, largest first for Zipf.
    func weights(modelCount: Int) -> [Double] {
        let count = Swift.max(1, modelCount)
        switch self {
        case .uniform:
            return [Double](repeating: 1, count: count)
        case .zipf(let exponent):
            return (0..<count).map { 1 / pow(Double($0 + 1), exponent) }
        }
    }

    /// A sampler over `modelCount` models (at least 1) that gives the same sequence for the same seed.
    package func makeSampler(modelCount: Int, seed: UInt64) -> ModelSampler {
        ModelSampler(weights: weights(modelCount: modelCount), seed: seed)
    }
}
