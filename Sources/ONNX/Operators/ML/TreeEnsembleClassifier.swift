import Compute
import Core

/// ai.onnx.ml TreeEnsembleClassifier (ml opsets 1 and 3): per row the label (`[N]`, int64 or string) and the class
/// scores (`[N, C]` float): leaf weights summed per class, `base_values` added, `post_transform` applied.
///
/// Two classes follow onnxruntime's special cases, which the converters rely on (skl2onnx, onnxmltools): when all
/// weights are for one class (binary models store only one), the single score `s` decides the label (`s > 0.5` when all
/// weights are non-negative, else `s > 0`) and widens to `[1 - s, s]` (probabilities), `[-s, s]` (margins) or
/// `[σ(-s), σ(s)]` under LOGISTIC. Base values of length 1 and 2 and weights for both classes are handled as
/// onnxruntime does, including its label 1/0 (not the class labels) when both classes have weights.
struct TreeEnsembleClassifierOperator: Operator {
    let forest: TreeForest
    let labels: ClassLabels
    let base: [Double]
    let transform: MLPostTransform
    /// Two classes and every weight for the same one.
    let binaryCase: Bool
    let weightsAreAllPositive: Bool

    init(_ node: NodeDescription) throws(KServeError) {
        let attributes = node.attributes
        guard
            let labels = try ClassLabels.read(attributes, ints: "classlabels_int64s", strings: "classlabels_strings")
        else {
            throw KServeError(.invalidInput, "one of classlabels_int64s or classlabels_strings is required")
        }
        guard labels.count >= 2 else {
            throw KServeError(.unsupported, "a classifier with \(labels.count) class label is not supported")
        }
        let source = try TreeEnsembleV3Attributes.source(attributes, votePrefix: "class")
        forest = try TreeForest(source, targetCount: labels.count)
        self.labels = labels
        base = try TreeEnsembleV3Attributes.reals(attributes, "base_values")
        guard base.count <= labels.count else {
            throw KServeError(.invalidInput, "\(base.count) base_values for \(labels.count) classes")
        }
        transform = try MLPostTransform.read(attributes)
        let classIDs = try attributes.ints("class_ids") ?? []
        binaryCase = labels.count == 2 && Set(classIDs).count == 1
        weightsAreAllPositive = try TreeEnsembleV3Attributes.weightsAreAllPositive(attributes, votePrefix: "class")
    }

    func run(_ inputs: OperatorInputs, context: ExecutionContext) throws(KServeError) -> [Tensor] {
        let input = try TreeInput.read(inputs.required(0))
        let decided: (labels: [Int64], scores: [Float])
        switch input {
        case .float(let values, let rows, let columns):
            let scores = try forest.score(values, rows: rows, columns: columns, aggregate: .sum, context: context)
            decided = classify(scores, base: base.map { Float($0) })
        case .double(let values, let rows, let columns):
            let scores = try forest.score(values, rows: rows, columns: columns, aggregate: .sum, context: context)
            decided = classify(scores, base: base)
        }
        let labelTensor: Tensor
        switch labels {
        case .ints:
            labelTensor = Tensor(shape: [input.rows], int64s: decided.labels)
        case .strings(let names):
            // Label values are class indices here; onnxruntime's bare 1/0 land on the second and first names.
            labelTensor = Tensor(
                shape: [input.rows],
                storage: .string(decided.labels.map { names[Int(clamping: max(0, min($0, Int64(names.count - 1))))] })
            )
        }
        return [labelTensor, Tensor(shape: [input.rows, labels.count], floats: decided.scores)]
    }

    /// The label of class `index`: the int64 label, or the index itself for string labels (mapped afterwards).
    private func labelValue(_ index: Int) -> Int64 {
        switch labels {
        case .ints(let values): return values[index]
        case .strings: return Int64(index)
        }
    }

    private func classify<Score: TreeScore>(
        _ raw: TreeRawScores<Score>,
        base: [Score]
    ) -> (
        labels: [Int64], scores: [Float]
    ) {
        let classes = raw.targets
        var labelValues = [Int64](repeating: 0, count: raw.rows)
        var output = [Float](repeating: 0, count: raw.rows * classes)
        var scores = [Score](repeating: 0, count: classes)
        var reached = [Bool](repeating: false, count: classes)
        var row = [Float](repeating: 0, count: classes)
        for index in 0..<raw.rows {
            let start = index * classes
            for column in 0..<classes {
                scores[column] = raw.values[start + column]
                reached[column] = raw.reached[start + column]
            }
            if classes > 2 {
                for column in base.indices {
                    if reached[column] {
                        scores[column] += base[column]
                    } else {
                        scores[column] = base[column]
                        reached[column] = true
                    }
                }
                var best = -1
                for column in 0..<classes where reached[column] && (best < 0 || scores[column] > scores[best]) {
                    best = column
                }
                labelValues[index] = labelValue(max(best, 0))
                for column in 0..<classes { row[column] = reached[column] ? scores[column].treeFloat : 0 }
                row.withUnsafeMutableBufferPointer { MLMath.apply(transform, row: $0) }
                for column in 0..<classes { output[start + column] = row[column] }
                continue
            }
            let (label, first, second) = binary(&scores, &reached, base: base, scratch: &row)
            labelValues[index] = label
            output[start] = first
            output[start + 1] = second
        }
        return (labelValues, output)
    }

    /// onnxruntime's two-class finalization: base values, the label rule and the widening of a lone score.
    private func binary<Score: TreeScore>(
        _ scores: inout [Score],
        _ reached: inout [Bool],
        base: [Score],
        scratch row: inout [Float]
    ) -> (label: Int64, first: Float, second: Float) {
        // How a lone score widens: 0/1 all weights non-negative, 2/3 mixed signs, -1 not at all.
        var widening = -1
        var paired = true
        switch base.count {
        case 2:
            if reached[1] {
                scores[1] = base[1] + scores[0]
                scores[0] = -scores[1]
            } else {
                scores[1] += base[1]
                scores[0] += base[0]
            }
        case 1:
            scores[0] += base[0]
            paired = reached[1]
        default:
            widening = 3
            paired = reached[1]
        }
        let positive: Score
        if paired && reached[1] {
            positive = scores[1]
        } else {
            positive = reached[0] ? scores[0] : 0
        }
        let label: Int64
        if binaryCase {
            if weightsAreAllPositive {
                widening = positive > 0.5 ? 0 : 1
            } else {
                widening = positive > 0 ? 2 : 3
            }
            label = labelValue(widening == 0 || widening == 2 ? 1 : 0)
        } else {
            label = positive > 0 ? 1 : 0
        }
        if paired {
            row[0] = reached[0] ? scores[0].treeFloat : 0
            row[1] = reached[1] ? scores[1].treeFloat : 0
            row.withUnsafeMutableBufferPointer { MLMath.apply(transform, row: $0) }
            return (label, row[0], row[1])
        }
        let score = reached[0] ? scores[0].treeFloat : 0
        if widening < 0 {
            return (label, transform == .probit ? MLMath.probit(score) : score, .nan)
        }
        let pair = MLScores.binaryPair(score, transform: transform, complement: widening <= 1)
        return (label, pair.0, pair.1)
    }
}
