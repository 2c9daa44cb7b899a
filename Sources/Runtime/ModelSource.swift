/// Where a model comes from: its name in the repository and its file or directory.
public struct ModelSource: Sendable, Equatable {
    public var name: String
    /// A model file, or a directory holding exactly one.
    public var path: String
    /// nil: detected from the file (see ``ModelFormat/detect(path:)``) when the model loads.
    public var format: ModelFormat?

    public init(name: String, path: String, format: ModelFormat? = nil) {
        self.name = name
        self.path = path
        self.format = format
    }
}
