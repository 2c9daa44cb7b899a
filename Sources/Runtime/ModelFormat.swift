import Core

/// The model file formats the repository can load.
package enum ModelFormat: String, Sendable, CaseIterable {
    case xgboost
    case lightgbm
    case onnx

    /// Finds the model file at `path` and its format.
    ///
    /// A directory is searched as ``ModelFileLocator/modelFile(at:)`` says. By extension: `.json`, `.ubj`, `.model`
    /// and `.bst` are XGBoost (its loader reports UBJSON as unsupported), `.txt` and `.lgb` are LightGBM, `.onnx` is
    /// ONNX; anything else is sniffed: a first non-blank byte `{` is XGBoost JSON, a first line `tree` is LightGBM.
    package static func detect(path: String) throws(KServeError) -> (format: ModelFormat, file: String) {
        let file = try ModelFileLocator.modelFile(at: path)
        if let byExtension = format(forExtension: ModelFileLocator.fileExtension(of: file)) {
            return (byExtension, file)
        }
        let head = try ModelFileLocator.head(of: file, bytes: 256)
        if let sniffed = sniff(head) { return (sniffed, file) }
        throw KServeError(
            .invalidInput,
            "\(file): cannot tell the model format (expected an XGBoost .json, a LightGBM .txt or an ONNX .onnx model file)"
        )
    }

    /// The format a file extension (lower-cased, without the dot) names, if any.
    static func format(forExtension fileExtension: String) -> ModelFormat? {
        switch fileExtension {
        case "json", "ubj", "model", "bst": return .xgboost
        case "txt", "lgb": return .lightgbm
        case "onnx": return .onnx
        default: return nil
        }
    }

    /// The format the first bytes of a file suggest, if any.
    static func sniff(_ head: [UInt8]) -> ModelFormat? {
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = head.firstIndex(where: { !isBlank($0) }) else { return nil }
        if head[first] == UInt8(ascii: "{") { return .xgboost }
        let line = head[first...].prefix { $0 != 0x0A && $0 != 0x0D }
        if Array(line) == Array("tree".utf8) { return .lightgbm }
        return nil
    }
}
