/// Where a model comes from: its name in the repository and its file or directory.
package struct ModelSource: Sendable, Equatable {
    package var name: String
    /// A model file, or a directory holding exactly one.
    package var path: String
    /// nil: detected from the file (see ``ModelFormat/detect(path:)``) when the model loads.
    package var format: ModelFormat?

    package init(name: String, path: String, format: ModelFormat? = nil) {
        self.name = name
        self.path = path
        self.format = format
    }
}
