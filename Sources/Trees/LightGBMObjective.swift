import Core

/// How a LightGBM model turns the summed tree outputs of a row into what `Booster.predict` returns: the
/// `ConvertOutput` of the objective named on the model's `objective=` line, evaluated in float64 with libm.
enum LightGBMObjective: Sendable, Equatable {
    /// regression, regression_l1, huber, fair, quantile, mape, lambdarank, rank_xendcg; and a model without an
    /// objective (custom objective): the raw sum.
    case identity
    /// The regression family trained with `reg_sqrt`: `sign(x) * x * x`.
    case signedSquare
    /// poisson, gamma, tweedie: `exp(x)`.
    case exponential
    /// binary: `1 / (1 + exp(-sigmoid * x))`.
    case logistic(sigmoid: Double)
    /// cross_entropy: `1 / (1 + exp(-x))`.
    case crossEntropy
    /// cross_entropy_lambda: `log1p(exp(x))`.
    case crossEntropyLambda
    /// multiclass: softmax over the classes.
    case softmax(classes: Int)
    /// multiclassova: a logistic per class.
    case oneVersusAll(classes: Int, sigmoid: Double)

    /// Values each row has: the class count for the multiclass objectives, else 1.
    var outputsPerRow: Int {
        switch self {
        case .softmax(let classes), .oneVersusAll(let classes, _): return classes
        default: return 1
        }
    }

    var task: TreeTask {
        switch self {
        case .logistic, .crossEntropy: return .binaryClassification
        case .softmax(let classes), .oneVersusAll(let classes, _): return .multiclass(classes: classes)
        default: return .regression
        }
    }

    /// Reads the value of the `objective=` line (`binary sigmoid:1`, `multiclass num_class:3`, `regression sqrt`).
    static func parse(_ text: String, line: Int, in file: LightGBMText) throws(KServeError) -> LightGBMObjective {
        let tokens = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let name = tokens.first else { throw file.error(line, "`objective` is empty") }
        var parameters: [Substring: Substring] = [:]
        var flags: Set<Substring> = []
        for token in tokens.dropFirst() {
            let parts = token.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { parameters[parts[0]] = parts[1] } else { flags.insert(token) }
        }
        func sigmoid() throws(KServeError) -> Double {
            guard let text = parameters["sigmoid"], let value = lightGBMAtof(text), value.isFinite, value > 0 else {
                throw file.error(line, "objective `\(name)` needs a positive `sigmoid:` parameter")
            }
            return value
        }
        func classes() throws(KServeError) -> Int {
            guard let text = parameters["num_class"], let value = Int(text), value >= 1, value <= 1 << 20 else {
                throw file.error(line, "objective `\(name)` needs a positive `num_class:` parameter")
            }
            return value
        }
        switch name {
        case "regression", "regression_l1", "huber", "fair", "quantile", "mape":
            return flags.contains("sqrt") ? .signedSquare : .identity
        case "lambdarank", "rank_xendcg", "custom", "none", "null", "na":
            return .identity
        case "poisson", "gamma", "tweedie":
            return .exponential
        case "binary":
            return .logistic(sigmoid: try sigmoid())
        case "cross_entropy", "xentropy":
            return .crossEntropy
        case "cross_entropy_lambda", "xentlambda":
            return .crossEntropyLambda
        case "multiclass":
            return .softmax(classes: try classes())
        case "multiclassova":
            return .oneVersusAll(classes: try classes(), sigmoid: try sigmoid())
        default:
            throw file.error(line, "unknown objective `\(name)`")
        }
    }

    /// Converts one row's raw sums (`outputsPerRow` values at `values`) in place.
    @inline(__always)
    func apply(_ values: UnsafeMutablePointer<Double>) {
        switch self {
        case .identity:
            break
        case .signedSquare:
            let x = values[0]
            let sign: Double = x > 0 ? 1 : (x < 0 ? -1 : 0)
            values[0] = sign * x * x
        case .exponential:
            values[0] = exp(values[0])
        case .logistic(let sigmoid):
            values[0] = 1.0 / (1.0 + exp(-sigmoid * values[0]))
        case .crossEntropy:
            values[0] = 1.0 / (1.0 + exp(-values[0]))
        case .crossEntropyLambda:
            values[0] = log1p(exp(values[0]))
        case .softmax(let classes):
            // As LightGBM's Common::Softmax: subtract the maximum, sum the exponentials in order, divide.
            var maximum = values[0]
            for index in 1..<max(classes, 1) where !(values[index] < maximum) { maximum = values[index] }
            var sum = 0.0
            for index in 0..<classes {
                values[index] = exp(values[index] - maximum)
                sum += values[index]
            }
            for index in 0..<classes { values[index] /= sum }
        case .oneVersusAll(let classes, let sigmoid):
            for index in 0..<classes { values[index] = 1.0 / (1.0 + exp(-sigmoid * values[index])) }
        }
    }
}

/// LightGBM's own `Common::Atof`, which reads objective parameters such as `sigmoid:0.7`. It is not correctly
/// rounded in general, so the same digits are combined the same way to get the same double.
func lightGBMAtof(_ text: Substring) -> Double? {
    let bytes = Array(text.utf8)
    var index = 0
    var sign = 1.0
    if index < bytes.count && (bytes[index] == 45 || bytes[index] == 43) {
        sign = bytes[index] == 45 ? -1.0 : 1.0
        index += 1
    }
    func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= 48 && bytes[at] <= 57 }
    guard isDigit(index) || (index < bytes.count && bytes[index] == 46) else { return nil }
    var value = 0.0
    while isDigit(index) {
        value = value * 10.0 + Double(bytes[index] - 48)
        index += 1
    }
    if index < bytes.count && bytes[index] == 46 {
        index += 1
        var right = 0.0
        var digits = 0
        while isDigit(index) {
            right = Double(bytes[index] - 48) + right * 10.0
            digits += 1
            index += 1
        }
        value += right / lightGBMPow(10.0, digits)
    }
    var scale = 1.0
    var divide = false
    if index < bytes.count && (bytes[index] == 101 || bytes[index] == 69) {
        index += 1
        if index < bytes.count && (bytes[index] == 45 || bytes[index] == 43) {
            divide = bytes[index] == 45
            index += 1
        }
        var exponent = 0
        while isDigit(index) {
            exponent = min(exponent * 10 + Int(bytes[index] - 48), 100_000)
            index += 1
        }
        exponent = min(exponent, 308)
        while exponent >= 50 {
            scale *= 1e50
            exponent -= 50
        }
        while exponent >= 8 {
            scale *= 1e8
            exponent -= 8
        }
        while exponent > 0 {
            scale *= 10.0
            exponent -= 1
        }
    }
    guard index == bytes.count else { return nil }
    return sign * (divide ? value / scale : value * scale)
}

/// LightGBM's `Common::Pow` for a non-negative power: squares for even powers, cubes for multiples of three,
/// otherwise one factor times the rest. The factors are multiplied innermost first, as the recursion does.
private func lightGBMPow(_ base: Double, _ power: Int) -> Double {
    var factors: [Double] = []
    var currentBase = base
    var currentPower = power
    while currentPower > 0 {
        if currentPower % 2 == 0 {
            currentBase = currentBase * currentBase
            currentPower /= 2
        } else if currentPower % 3 == 0 {
            currentBase = currentBase * currentBase * currentBase
            currentPower /= 3
        } else {
            factors.append(currentBase)
            currentPower -= 1
        }
    }
    var result = 1.0
    for factor in factors.reversed() { result = factor * result }
    return result
}
