import Core

/// What an XGBoost objective does at prediction time: how `base_score` becomes a margin, and how margins become the
/// values `Booster.predict` returns. Everything is float32 with the platform's `expf`/`logf`, as XGBoost computes it.
enum XGBoostObjective: Sendable, Equatable {
    /// `reg:squarederror`, `reg:absoluteerror`: the margin itself.
    case identity
    /// `binary:logitraw`: the margin itself, and `base_score` is already a margin.
    case logitRaw
    /// `binary:logistic`, `reg:logistic`: the sigmoid of the margin.
    case logistic(binary: Bool)
    /// `count:poisson`, `reg:tweedie`: `expf` of the margin (log link).
    case logLink
    /// `reg:gamma`: log link, with `base_score` required to be positive.
    case gamma
    /// `multi:softprob`: class probabilities.
    case softprob
    /// `multi:softmax`: the index of the largest margin.
    case softmax

    static let supportedNames = [
        "reg:squarederror", "reg:absoluteerror", "reg:logistic", "binary:logistic", "binary:logitraw",
        "multi:softprob", "multi:softmax", "count:poisson", "reg:gamma", "reg:tweedie",
    ]

    init?(name: String) {
        switch name {
        case "reg:squarederror", "reg:absoluteerror": self = .identity
        case "binary:logitraw": self = .logitRaw
        case "binary:logistic": self = .logistic(binary: true)
        case "reg:logistic": self = .logistic(binary: false)
        case "count:poisson", "reg:tweedie": self = .logLink
        case "reg:gamma": self = .gamma
        case "multi:softprob": self = .softprob
        case "multi:softmax": self = .softmax
        default: return nil
        }
    }

    var isMulticlass: Bool { self == .softprob || self == .softmax }

    /// The starting margin for `baseScore` (XGBoost's ProbToMargin), or a description of why the score is invalid.
    func margin(fromBaseScore score: Float) -> Result<Float, BaseScoreProblem> {
        switch self {
        case .identity, .logitRaw, .softprob, .softmax:
            return .success(score)
        case .logistic:
            guard score >= 0 && score <= 1 else { return .failure(.notAProbability) }
            let epsilon: Float = 1e-6
            let clamped = score < epsilon ? epsilon : (score > 1 - epsilon ? 1 - epsilon : score)
            return .success(-logf(1 / clamped - 1))
        case .logLink:
            return .success(logf(score))
        case .gamma:
            guard score > 0 else { return .failure(.notPositive) }
            return .success(logf(score))
        }
    }

    enum BaseScoreProblem: Error {
        case notAProbability
        case notPositive

        var text: String {
            switch self {
            case .notAProbability: return "must be in [0, 1] for a logistic objective"
            case .notPositive: return "must be greater than 0 for reg:gamma"
            }
        }
    }

    /// Turns the margins of `rows` rows (`groups` per row, row-major, in place) into predictions. For `.softmax` the
    /// class index of row `r` is written to `margins[r]`; the caller keeps the first `rows` values.
    func transform(_ margins: UnsafeMutableBufferPointer<Float>, rows: Int, groups: Int) {
        switch self {
        case .identity, .logitRaw:
            return
        case .logistic:
            for index in 0..<rows * groups { margins[index] = Self.sigmoid(margins[index]) }
        case .logLink, .gamma:
            for index in 0..<rows * groups { margins[index] = expf(margins[index]) }
        case .softprob:
            for row in 0..<rows { Self.softmax(margins, start: row * groups, count: groups) }
        case .softmax:
            for row in 0..<rows {
                let start = row * groups
                var best = 0
                for group in 1..<max(groups, 1) where margins[start + group] > margins[start + best] { best = group }
                margins[row] = Float(best)
            }
        }
    }

    /// XGBoost's float sigmoid: the exponent is capped at 88.7 so `expf` cannot overflow.
    @inline(__always)
    static func sigmoid(_ margin: Float) -> Float {
        let negated = -margin
        let exponent: Float = 88.7 < negated ? 88.7 : negated
        let denominator = expf(exponent) + 1 + (1e-16 as Float)
        return 1 / denominator
    }

    /// XGBoost's softmax: subtract the largest margin (`fmaxf`, so NaN is skipped), `expf`, sum in double, divide.
    @inline(__always)
    static func softmax(_ values: UnsafeMutableBufferPointer<Float>, start: Int, count: Int) {
        guard count > 0 else { return }
        var largest = values[start]
        for index in start + 1..<start + count { largest = fmaxf(values[index], largest) }
        var sum = 0.0
        for index in start..<start + count {
            let exponential = expf(values[index] - largest)
            values[index] = exponential
            sum += Double(exponential)
        }
        let total = Float(sum)
        for index in start..<start + count { values[index] /= total }
    }
}
