import Core

/// Reads the parts of an XGBoost JSON model that prediction needs (`learner.learner_model_param`, `objective`,
/// `gradient_booster`, `feature_names`), checking each.
struct XGBoostModelReader {
    let source: String
    let fields: XGBoostFields

    /// The largest class count accepted, so a hostile `num_class` cannot make predictions allocate without bound.
    static let maximumClasses = 1 << 20

    init(source: String) {
        self.source = source
        fields = XGBoostFields(source: source)
    }

    func read(_ bytes: [UInt8]) throws(KServeError) -> XGBoostModel {
        try checkIsJSON(bytes)
        // XGBoost writes non-finite floats as NaN, Infinity and -Infinity (in statistics, and in leaves and
        // thresholds of degenerate models) and reads them back.
        let document = try JSONParser.parse(bytes, source: source, allowNonFinite: true)
        let root = try fields.at("the top level", document).object()
        let learner = try fields.at("learner", root["learner"]).object()
        let parameters = try fields.at("learner.learner_model_param", learner["learner_model_param"]).object()
        // XGBoost refuses 0 ("0 feature is supplied"); with no features a request's row count would be unchecked.
        let featureCount = try fields.at("learner.learner_model_param.num_feature", parameters["num_feature"])
            .integerParameter(in: 1...Int(Int32.max))
        if let targets = parameters["num_target"] {
            let count = try fields.at("learner.learner_model_param.num_target", targets).integerParameter(
                in: 0...Int(Int32.max)
            )
            guard count <= 1 else {
                throw fields.unsupported(
                    "learner.learner_model_param.num_target",
                    "multi-target models (\(count) targets) are not supported"
                )
            }
        }
        let (objective, objectiveName) = try readObjective(learner)
        let groups = try groupCount(parameters, objective: objective, name: objectiveName)
        let baseMargins = try readBaseMargins(parameters["base_score"], objective: objective, groups: groups)
        let forest = try readForest(learner, featureCount: featureCount, groups: groups)
        return XGBoostModel(
            forest: forest,
            objective: objective,
            objectiveName: objectiveName,
            baseMargins: baseMargins,
            featureCount: featureCount,
            featureNames: try readFeatureNames(learner, featureCount: featureCount)
        )
    }

    /// A JSON model starts with `{` and then a quote, `}` or white space; UBJSON's `{` is followed by a type marker
    /// (`{L` for XGBoost's keys). Anything that does not start like JSON at all is not a model this reader takes.
    private func checkIsJSON(_ bytes: [UInt8]) throws(KServeError) {
        guard let first = bytes.firstIndex(where: { !Self.isWhitespace($0) }) else {
            throw KServeError(.invalidInput, "\(source): the XGBoost model file is empty")
        }
        let ubjson = KServeError(
            .unsupported,
            "\(source): UBJSON model files are not supported yet; save the model with a .json name"
        )
        switch bytes[first] {
        case UInt8(ascii: "{"):
            let next = first + 1
            if next < bytes.count && !Self.isWhitespace(bytes[next]) && bytes[next] != UInt8(ascii: "\"")
                && bytes[next] != UInt8(ascii: "}")
            {
                throw ubjson
            }
        case UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return  // JSON, but not an object: reported below with the field path
        default:
            throw ubjson
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func readObjective(_ learner: ValueObject) throws(KServeError) -> (XGBoostObjective, String) {
        let objective = try fields.at("learner.objective", learner["objective"]).object()
        let name = try fields.at("learner.objective.name", objective["name"]).string()
        guard let known = XGBoostObjective(name: name) else {
            throw fields.unsupported(
                "learner.objective.name",
                "objective \"\(name)\" is not supported (supported: "
                    + XGBoostObjective.supportedNames.joined(separator: ", ") + ")"
            )
        }
        return (known, name)
    }

    /// Output groups: `num_class` for the multi-class objectives, otherwise one.
    private func groupCount(
        _ parameters: ValueObject,
        objective: XGBoostObjective,
        name: String
    ) throws(KServeError) -> Int {
        let path = "learner.learner_model_param.num_class"
        let classes = try fields.at(path, parameters["num_class"]).integerParameter(in: 0...Self.maximumClasses)
        if objective.isMulticlass {
            guard classes >= 1 else { throw fields.failure(path, "\(name) needs num_class of at least 1") }
            return classes
        }
        guard classes <= 1 else { throw fields.failure(path, "\(classes) classes do not fit objective \(name)") }
        return 1
    }

    /// `base_score` as a bracketed list string (XGBoost >= 3.1: "[6.274165E-1]", one value or one per group) or a
    /// scalar string (older: "5E-1", used for every group), in output space; returned as margins.
    private func readBaseMargins(
        _ value: Value?,
        objective: XGBoostObjective,
        groups: Int
    ) throws(KServeError) -> [Float] {
        let path = "learner.learner_model_param.base_score"
        var scores: [Float] = []
        switch value {
        case .string(let text)?:
            var body = Substring(text)
            if body.first == "[" && body.last == "]" { body = body.dropFirst().dropLast() }
            for part in body.split(separator: ",", omittingEmptySubsequences: false) {
                guard let score = Float(part), score.isFinite else {
                    throw fields.failure(path, "\"\(text)\" is not a number or a list of numbers")
                }
                scores.append(score)
            }
        case let number? where number.doubleValue != nil:
            scores = [XGBoostFloat.float32(number.doubleValue ?? 0)]
        case let other?:
            throw fields.failure(path, "expected a string, found \(other.kindDescription)")
        case nil:
            throw fields.failure(path, "missing")
        }
        guard scores.count == 1 || scores.count == groups else {
            throw fields.failure(path, "has \(scores.count) values for \(groups) output groups")
        }
        var margins: [Float] = []
        for group in 0..<groups {
            let score = scores[scores.count == 1 ? 0 : group]
            switch objective.margin(fromBaseScore: score) {
            case .success(let margin): margins.append(margin)
            case .failure(let problem): throw fields.failure(path, "\(score) \(problem.text)")
            }
        }
        return margins
    }

    private func readForest(
        _ learner: ValueObject,
        featureCount: Int,
        groups: Int
    ) throws(KServeError) -> XGBoostForest {
        var path = "learner.gradient_booster"
        let booster = try fields.at(path, learner["gradient_booster"]).object()
        let name = try fields.at("\(path).name", booster["name"]).string()
        let model: ValueObject
        switch name {
        case "gbtree":
            path += ".model"
            model = try fields.at(path, booster["model"]).object()
        case "dart":
            let inner = try fields.at("\(path).gbtree", booster["gbtree"]).object()
            path += ".gbtree.model"
            model = try fields.at(path, inner["model"]).object()
        case "gblinear":
            throw fields.unsupported("\(path).name", "gblinear models are not supported (only gbtree and dart)")
        default:
            throw fields.unsupported("\(path).name", "booster \"\(name)\" is not supported (only gbtree and dart)")
        }
        let trees = try fields.at("\(path).trees", model["trees"]).array()
        if let declared = model["gbtree_model_param"]?["num_trees"] {
            let count = try fields.at("\(path).gbtree_model_param.num_trees", declared).integerParameter(
                in: 0...Int(Int32.max)
            )
            guard count == trees.count else {
                throw fields.failure(
                    "\(path).gbtree_model_param.num_trees",
                    "says \(count), but there are \(trees.count) trees"
                )
            }
        }
        let groupOfTree = try fields.at("\(path).tree_info", model["tree_info"]).integers(
            count: trees.count,
            in: 0...Int32(groups - 1)
        )
        var builder = XGBoostForestBuilder(fields: fields, featureCount: featureCount, groupCount: groups)
        for (index, tree) in trees.enumerated() {
            try builder.addTree(tree, at: "\(path).trees[\(index)]", group: Int(groupOfTree[index]))
        }
        if name == "dart" {
            let path = "learner.gradient_booster.weight_drop"
            builder.setWeights(try fields.at(path, booster["weight_drop"]).floats(count: trees.count))
        }
        return builder.forest
    }

    private func readFeatureNames(_ learner: ValueObject, featureCount: Int) throws(KServeError) -> [String]? {
        guard let value = learner["feature_names"] else { return nil }
        let path = "learner.feature_names"
        let names = try fields.at(path, value).strings()
        if names.isEmpty { return nil }
        guard names.count == featureCount else {
            throw fields.failure(path, "has \(names.count) names for \(featureCount) features (num_feature)")
        }
        return names
    }
}
