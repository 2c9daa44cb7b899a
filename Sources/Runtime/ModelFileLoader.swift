import Core

/// Reads a model's file and runs the loader on a load thread.
enum ModelFileLoader {
    static func load(
        _ source: ModelSource,
        loader: ModelLoader,
        pool: WorkerPool,
        maxBytes: Int
    ) async -> Result<LoadedModel, KServeError> {
        do throws(KServeError) {
            let model = try await pool.run { () throws(KServeError) -> LoadedModel in
                try loadNow(source, loader: loader, maxBytes: maxBytes)
            }
            return .success(model)
        } catch {
            return .failure(error)
        }
    }

    /// The blocking part: find the file, check its size, read it, parse it.
    static func loadNow(_ source: ModelSource, loader: ModelLoader, maxBytes: Int) throws(KServeError) -> LoadedModel {
        let format: ModelFormat
        let file: String
        if let given = source.format {
            format = given
            file = try ModelFileLocator.modelFile(at: source.path)
        } else {
            (format, file) = try ModelFormat.detect(path: source.path)
        }
        let size = try ModelFileLocator.size(of: file)
        guard size <= maxBytes else {
            throw KServeError(.invalidInput, "\(file): model file is \(size) bytes, over the limit of \(maxBytes)")
        }
        let bytes = try InputFile.read(file)
        guard bytes.count <= maxBytes else {
            throw KServeError(.invalidInput, "\(file): model file grew past the limit of \(maxBytes) bytes")
        }
        let servable = try loader.load(format, bytes, file)
        return LoadedModel(name: source.name, format: format, servable: servable)
    }
}
