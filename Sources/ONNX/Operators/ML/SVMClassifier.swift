import Compute
import Core

/// ai.onnx.ml SVMClassifier, as onnxruntime computes it.
///
/// With support vectors (libsvm's SVC): one decision value per pair of classes (i < j), `Σ coef·K + rho`, each a vote
/// for i when positive, else for j; the label is the class with most votes (the first on ties). Without `prob_a`
/// the scores are the pairwise decision values (`[N, C(C-1)/2]`; two classes widen the one value to two columns).
/// With `prob_a`/`prob_b` the decision values go through Platt's sigmoid and libsvm's pairwise coupling into `C`
/// class probabilities.
///
/// Without support vectors (liblinear): one score per class, `x · coefficients_c + rho[0]`, and the label of the
/// best score (for two classes, onnxruntime's thresholds: `≥ 0.5` with non-negative coefficients, else `> 0`).
struct SVMClassifierOperator: Operator {
    let kernel: SVMKernel
    let labels: ClassLabels
    let transform: MLPostTransform
    let coefficients: [Float]
    let rho: [Float]
    let probA: [Float]
    let probB: [Float]
    let supportVectors: [Float]
    let vectorsPerClass: [Int]
    let vectorStarts: [Int]
    let vectorCount: Int
    let featureCount: Int
    let weightsAreAllPositive: Bool

    var classCount: Int { labels.count }
    var pairCount: Int { classCount * (classCount - 1) / 2 }
    var usesSupportVectors: Bool { vectorCount > 0 }

    init(_ node: NodeDescription) throws(KServeError) {
        let attributes = node.attributes
        var kernel = try SVMKernel(attributes)
        guard
            let labels = try ClassLabels.read(attributes, ints: "classlabels_ints", strings: "classlabels_strings")
        else {
            throw KServeError(.invalidInput, "one of classlabels_ints or classlabels_strings is required")
        }
        self.labels = labels
        transform = try MLPostTransform.read(attributes)
        coefficients = try attributes.floats("coefficients") ?? []
        rho = try attributes.floats("rho") ?? []
        probA = try attributes.floats("prob_a") ?? []
        probB = try attributes.floats("prob_b") ?? []
        supportVectors = try attributes.floats("support_vectors") ?? []
        let perClass = try attributes.ints("vectors_per_class") ?? []
        guard !coefficients.isEmpty else {
            throw KServeError(.invalidInput, "attribute coefficients is missing or empty")
        }
        guard !rho.isEmpty else { throw KServeError(.invalidInput, "attribute rho is missing or empty") }
        guard probA.count == probB.count else {
            throw KServeError(.invalidInput, "prob_a has \(probA.count) values and prob_b \(probB.count)")
        }
        var starts: [Int] = []
        var total = 0
        for count in perClass {
            guard count >= 0, count <= Int64(Int32.max) else {
                throw KServeError(.invalidInput, "vectors_per_class holds \(count)")
            }
            starts.append(total)
            total += Int(count)
        }
        vectorsPerClass = perClass.map { Int($0) }
        vectorStarts = starts
        vectorCount = total
        let classes = labels.count
        if total > 0 {
            guard classes >= 2 else {
                throw KServeError(.invalidInput, "a support-vector classifier needs at least 2 classes")
            }
            guard perClass.count == classes else {
                throw KServeError(
                    .invalidInput,
                    "vectors_per_class has \(perClass.count) entries for \(classes) classes"
                )
            }
            guard supportVectors.count % total == 0, !supportVectors.isEmpty else {
                throw KServeError(
                    .invalidInput,
                    "\(supportVectors.count) support_vectors values do not split into \(total) vectors"
                )
            }
            featureCount = supportVectors.count / total
            guard coefficients.count == (classes - 1) * total else {
                throw KServeError(
                    .invalidInput,
                    "coefficients has \(coefficients.count) values, expected \(classes - 1) × \(total)"
                )
            }
            let pairs = classes * (classes - 1) / 2
            guard rho.count >= pairs else {
                throw KServeError(.invalidInput, "rho has \(rho.count) values for \(pairs) class pairs")
            }
            guard probA.isEmpty || probA.count >= pairs else {
                throw KServeError(.invalidInput, "prob_a has \(probA.count) values for \(pairs) class pairs")
            }
        } else {
            guard coefficients.count % classes == 0 else {
                throw KServeError(
                    .invalidInput,
                    "\(coefficients.count) coefficients do not split into \(classes) classes"
                )
            }
            featureCount = coefficients.count / classes
            kernel.kind = .linear
        }
        self.kernel = kernel
        weightsAreAllPositive = coefficients.allSatisfy { $0 >= 0 }
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try FeatureMatrix.read(inputs.required(0))
        try input.requireColumns(featureCount)
        let rows = input.rows
        if !usesSupportVectors {
            return try runLinear(input, context: context)
        }
        let kernels = try kernel.apply(
            input.values,
            rows: rows,
            features: featureCount,
            vectors: supportVectors,
            count: vectorCount,
            context: context
        )
        let pairs = pairCount
        let classes = classCount
        let probabilities = !probA.isEmpty
        let columns = probabilities ? classes : (classes == 2 ? 2 : pairs)
        try context.reserve(elements: rows * columns, of: .float)
        var output = [Float](repeating: 0, count: rows * columns)
        var labelIndices = [Int](repeating: 0, count: rows)
        var decisions = [Float](repeating: 0, count: pairs)
        var votes = [Int](repeating: 0, count: classes)
        var coupled = [Float](repeating: 0, count: classes * classes)
        var row = [Float](repeating: 0, count: columns)
        for index in 0..<rows {
            let kernelRow = index * vectorCount
            for position in votes.indices { votes[position] = 0 }
            var pair = 0
            for first in 0..<(classes - 1) {
                for second in (first + 1)..<classes {
                    var sum: Double = 0
                    // Class `first`'s vectors pair with row `second - 1` of the coefficients, `second`'s with `first`.
                    let firstStart = vectorStarts[first]
                    let secondStart = vectorStarts[second]
                    for offset in 0..<vectorsPerClass[first] {
                        let vector = firstStart + offset
                        sum += Double(coefficients[(second - 1) * vectorCount + vector] * kernels[kernelRow + vector])
                    }
                    for offset in 0..<vectorsPerClass[second] {
                        let vector = secondStart + offset
                        sum += Double(coefficients[first * vectorCount + vector] * kernels[kernelRow + vector])
                    }
                    sum += Double(rho[pair])
                    decisions[pair] = Float(sum)
                    votes[sum > 0 ? first : second] += 1
                    pair += 1
                }
            }
            var winner = 0
            for position in 1..<classes where votes[position] > votes[winner] { winner = position }
            labelIndices[index] = winner

            if probabilities {
                for position in coupled.indices { coupled[position] = 0 }
                pair = 0
                for first in 0..<(classes - 1) {
                    for second in (first + 1)..<classes {
                        let value = 1 - MLMath.logistic(decisions[pair] * probA[pair] + probB[pair])
                        let clamped = min(max(value, 1.0e-7), 1 - 1.0e-7)
                        coupled[first * classes + second] = clamped
                        coupled[second * classes + first] = 1 - clamped
                        pair += 1
                    }
                }
                Self.coupleProbabilities(classes, pairwise: coupled, into: &row)
                row.withUnsafeMutableBufferPointer { MLMath.apply(transform, row: $0) }
            } else if classes == 2 {
                let widened = MLScores.binaryPair(decisions[0], transform: transform, complement: transform != .none)
                row[0] = widened.0
                row[1] = widened.1
            } else {
                for position in 0..<pairs { row[position] = decisions[position] }
                row.withUnsafeMutableBufferPointer { MLMath.apply(transform, row: $0) }
            }
            for column in 0..<columns { output[index * columns + column] = row[column] }
        }
        return [labels.tensor(indices: labelIndices), Tensor(shape: [rows, columns], floats: output)]
    }

    private func runLinear(_ input: FeatureMatrix, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let classes = classCount
        var scores = try kernel.apply(
            input.values,
            rows: input.rows,
            features: featureCount,
            vectors: coefficients,
            count: classes,
            constant: rho[0],
            context: context
        )
        var labelIndices = [Int](repeating: 0, count: input.rows)
        scores.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for row in 0..<input.rows {
                let line = UnsafeBufferPointer(start: base + row * classes, count: classes)
                let best = MLScores.argmax(line)
                var index = best
                if classes == 2, probA.isEmpty {
                    let weight = line[best]
                    if (weightsAreAllPositive && weight >= 0.5) || (weight > 0 && !weightsAreAllPositive) { index = 1 }
                }
                labelIndices[row] = index
            }
        }
        MLScores.transform(&scores, columns: classes, transform)
        return [labels.tensor(indices: labelIndices), Tensor(shape: [input.rows, classes], floats: scores)]
    }

    /// libsvm's pairwise coupling (Wu, Lin and Weng 2004, method 2) of the `k × k` pairwise probabilities into `k`
    /// class probabilities, in float32 with onnxruntime's stopping rule (at most 100 rounds).
    static func coupleProbabilities(_ k: Int, pairwise r: [Float], into p: inout [Float]) {
        var q = [Float](repeating: 0, count: k * k)
        var qp = [Float](repeating: 0, count: k)
        let epsilon = 0.005 / Float(k)
        for i in 0..<k {
            p[i] = 1 / Float(k)
            for j in 0..<i {
                q[i * k + i] += r[j * k + i] * r[j * k + i]
                q[i * k + j] = q[j * k + i]
            }
            for j in (i + 1)..<k {
                q[i * k + i] += r[j * k + i] * r[j * k + i]
                q[i * k + j] = -r[j * k + i] * r[i * k + j]
            }
        }
        for _ in 0..<100 {
            var pqp: Float = 0
            for i in 0..<k {
                qp[i] = 0
                for j in 0..<k { qp[i] += q[i * k + j] * p[j] }
                pqp += p[i] * qp[i]
            }
            var largestError: Float = 0
            for i in 0..<k {
                let error = abs(qp[i] - pqp)
                if error > largestError { largestError = error }
            }
            if largestError < epsilon { break }
            for i in 0..<k {
                let diff = (-qp[i] + pqp) / q[i * k + i]
                p[i] += diff
                pqp = (pqp + diff * (diff * q[i * k + i] + 2 * qp[i])) / (1 + diff) / (1 + diff)
                for j in 0..<k {
                    qp[j] = (qp[j] + diff * q[i * k + j]) / (1 + diff)
                    p[j] /= (1 + diff)
                }
            }
        }
    }
}

/// ai.onnx.ml SVMRegressor: `Σ coefficients · K(x, v) + rho[0]` over the support vectors, or `x · coefficients +
/// rho[0]` without them (`n_supports` = 0); `one_class` maps the result to ±1. Output `[N, 1]`.
struct SVMRegressorOperator: Operator {
    let kernel: SVMKernel
    let coefficients: [Float]
    let rho: Float
    let supportVectors: [Float]
    let vectorCount: Int
    let featureCount: Int
    let oneClass: Bool

    init(_ node: NodeDescription) throws(KServeError) {
        let attributes = node.attributes
        var kernel = try SVMKernel(attributes)
        coefficients = try attributes.floats("coefficients") ?? []
        guard !coefficients.isEmpty else {
            throw KServeError(.invalidInput, "attribute coefficients is missing or empty")
        }
        guard let rho = try attributes.floats("rho")?.first else {
            throw KServeError(.invalidInput, "attribute rho is missing or empty")
        }
        self.rho = rho
        supportVectors = try attributes.floats("support_vectors") ?? []
        let supports = try attributes.int("n_supports", default: 0)
        guard supports >= 0, supports <= Int64(Int32.max) else {
            throw KServeError(.invalidInput, "n_supports \(supports) is negative or too large")
        }
        vectorCount = Int(supports)
        if vectorCount > 0 {
            guard !supportVectors.isEmpty, supportVectors.count % vectorCount == 0 else {
                throw KServeError(
                    .invalidInput,
                    "\(supportVectors.count) support_vectors values do not split into \(vectorCount) vectors"
                )
            }
            guard coefficients.count == vectorCount else {
                throw KServeError(
                    .invalidInput,
                    "coefficients has \(coefficients.count) values for \(vectorCount) support vectors"
                )
            }
            featureCount = supportVectors.count / vectorCount
        } else {
            featureCount = coefficients.count
            kernel.kind = .linear
        }
        self.kernel = kernel
        oneClass = try attributes.int("one_class", default: 0) != 0
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try FeatureMatrix.read(inputs.required(0))
        try input.requireColumns(featureCount)
        var output: [Float]
        if vectorCount > 0 {
            let kernels = try kernel.apply(
                input.values,
                rows: input.rows,
                features: featureCount,
                vectors: supportVectors,
                count: vectorCount,
                context: context
            )
            output = try MLScores.affine(
                kernels,
                rows: input.rows,
                features: vectorCount,
                weights: coefficients,
                outputs: 1,
                bias: [rho],
                context: context
            )
        } else {
            output = try kernel.apply(
                input.values,
                rows: input.rows,
                features: featureCount,
                vectors: coefficients,
                count: 1,
                constant: rho,
                context: context
            )
        }
        if oneClass {
            for index in output.indices { output[index] = output[index] > 0 ? 1 : -1 }
        }
        return [Tensor(shape: [input.rows, 1], floats: output)]
    }
}
