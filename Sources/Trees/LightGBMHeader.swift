import Core

/// The lines of a LightGBM text model before its first `Tree=` block.
struct LightGBMHeader {
    var classCount = 1
    var treesPerIteration = 1
    var featureCount = 0
    var featureNames: [String] = []
    var objective = LightGBMObjective.identity
    /// The objective's name (`binary`, `multiclass`, ...), nil when the file has no `objective=` line.
    var objectiveName: String?
    /// `average_output` (random forest): the sums are divided by the number of iterations.
    var averageOutput = false
    /// How many entries `tree_sizes` lists, when present.
    var declaredTreeCount: Int?

    /// Reads the header and leaves `text` at the first `Tree=` line (or `end of trees`).
    static func read(from text: inout LightGBMText) throws(KServeError) -> LightGBMHeader {
        guard let first = text.nextLine(), text.equals(first, "tree") else {
            throw text.error(nil, "not a LightGBM text model (the first line is not `tree`)")
        }
        var header = LightGBMHeader()
        var values: [String: LightGBMSpan] = [:]
        while true {
            guard let line = text.nextLine() else {
                throw text.error(text.lineNumber, "truncated model: no `Tree=` block and no `end of trees` line")
            }
            if line.isEmpty { continue }
            if text.hasPrefix(line, "Tree=") || text.equals(line, "end of trees") {
                text.unread(line)
                break
            }
            let (key, value) = text.keyValue(line)
            values[text.string(key)] = value
        }

        func integer(_ key: String, _ range: ClosedRange<Int>) throws(KServeError) -> Int? {
            guard let span = values[key] else { return nil }
            guard let value = text.int32(span), range.contains(Int(value)) else {
                throw text.error(
                    span.line,
                    "`\(key)` must be an integer in \(range), found `\(text.string(span).prefix(40))`"
                )
            }
            return Int(value)
        }
        guard let classCount = try integer("num_class", 1...(1 << 20)) else {
            throw text.error(nil, "missing header field `num_class`")
        }
        header.classCount = classCount
        header.treesPerIteration = try integer("num_tree_per_iteration", 1...(1 << 20)) ?? classCount
        guard let maxFeature = try integer("max_feature_idx", 0...(LightGBMForest.maximumFeatures - 1)) else {
            throw text.error(nil, "missing header field `max_feature_idx`")
        }
        header.featureCount = maxFeature + 1
        header.averageOutput = values["average_output"] != nil

        guard let names = values["feature_names"] else { throw text.error(nil, "missing header field `feature_names`") }
        var featureNames: [String] = []
        var nameCount = 0
        try text.forEachToken(in: names) { token throws(KServeError) in
            nameCount += 1
            if nameCount <= header.featureCount { featureNames.append(text.string(token)) }
        }
        guard nameCount == header.featureCount else {
            throw text.error(
                names.line,
                "`feature_names` must list \(header.featureCount) names (`max_feature_idx` + 1)"
            )
        }
        header.featureNames = featureNames

        if let span = values["objective"] {
            let objective = text.string(span)
            header.objective = try LightGBMObjective.parse(objective, line: span.line, in: text)
            header.objectiveName = objective.split(separator: " ").first.map(String.init)
        }
        if let sizes = values["tree_sizes"] {
            var count = 0
            try text.forEachToken(in: sizes) { _ throws(KServeError) in count += 1 }
            header.declaredTreeCount = count
        }
        try header.checkOutputs(line: values["objective"]?.line, in: text)
        return header
    }

    /// The class count, trees per iteration and objective must agree: multiclass objectives have one tree per
    /// class and iteration, all others one tree per iteration.
    private func checkOutputs(line: Int?, in text: LightGBMText) throws(KServeError) {
        let outputs = objective.outputsPerRow
        guard classCount == outputs, treesPerIteration == outputs else {
            let name = objectiveName ?? "(none)"
            throw text.error(
                line,
                "objective `\(name)` gives \(outputs) value(s) per row, but the header has num_class=\(classCount) "
                    + "and num_tree_per_iteration=\(treesPerIteration)"
            )
        }
    }
}
