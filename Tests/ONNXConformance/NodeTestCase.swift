import Core
import ONNX

/// One case of ONNX's backend node tests: a directory with `model.onnx` and `test_data_set_0/{input,output}_K.pb`.
package struct NodeTestCase: Sendable {
    package var name: String
    package var directory: String

    package init(name: String, directory: String) {
        self.name = name
        self.directory = directory
    }

    /// The cases under `root` (one directory each, named `test_*`), sorted by name.
    package static func all(in root: String) throws(KServeError) -> [NodeTestCase] {
        try FileSystem.entries(of: root).filter { $0.hasPrefix("test_") }.sorted().map {
            NodeTestCase(name: $0, directory: root + "/" + $0)
        }
    }

    /// Whether the case is an `_expanded` variant (a function op replaced by its body).
    package var isExpanded: Bool { name.contains("_expanded") }
}
