import Core
import Trees

/// Turns a model file's bytes into an executable model. The repository calls it on its load threads.
///
/// ``standard`` uses the native executors; a repository can be given another (to wrap, time or count loads).
package struct ModelLoader: Sendable {
    package typealias Load = @Sendable (ModelFormat, [UInt8], String) throws(KServeError) -> any ServableModel

    /// Called with the format, the file's bytes and the file's path (for messages).
    package let load: Load

    package init(_ load: @escaping Load) { self.load = load }

    /// The native XGBoost JSON, LightGBM text and ONNX loaders.
    package static let standard = ModelLoader { (format, bytes, source) throws(KServeError) -> any ServableModel in
        switch format {
        case .xgboost: return TreeServable(tree: try XGBoostModel.load(bytes: bytes, source: source), format: format)
        case .lightgbm: return TreeServable(tree: try LightGBMModel.load(bytes: bytes, source: source), format: format)
        case .onnx: return try ONNXServable.load(bytes: bytes, path: source)
        }
    }
}
