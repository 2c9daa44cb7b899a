import Core

/// Reads a models directory: one sub-directory or model file per model.
enum RepositoryDirectory {
    /// The models in `path`, sorted by entry name. Hidden entries and files of no recognisable format are skipped.
    static func sources(in path: String) throws(KServeError) -> [ModelSource] {
        guard try ModelFileLocator.fileKind(path) == .directory else {
            throw KServeError(.invalidInput, "\(path): not a directory of models")
        }
        var sources: [ModelSource] = []
        for name in try ModelFileLocator.entries(of: path).sorted() where !name.hasPrefix(".") {
            let full = ModelFileLocator.join(path, name)
            switch try ModelFileLocator.fileKind(full) {
            case .directory:
                sources.append(ModelSource(name: name, path: full))
            case .regular:
                var format = ModelFormat.format(forExtension: ModelFileLocator.fileExtension(of: name))
                if format == nil { format = ModelFormat.sniff(try ModelFileLocator.head(of: full, bytes: 256)) }
                guard let format else { continue }
                sources.append(ModelSource(name: ModelFileLocator.stem(of: name), path: full, format: format))
            case .other, nil:
                continue
            }
        }
        return sources
    }
}
