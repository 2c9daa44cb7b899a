import Core

/// A `storageUri` that is a relative path names files next to the manifest. For the local `kserve serve`, which
/// reads models from this machine, it is rewritten to an absolute path against the manifest's directory (the
/// working directory for standard input), so `kserve deploy examples/iris.yaml` works from anywhere.
enum StorageURIResolution {
    /// Where objects keep their storageUri: the predictor's model (and the old per-format keys), a TrainedModel.
    static func resolved(_ object: Value, manifestSource: String, workingDirectory: String) -> Value {
        let base = baseDirectory(manifestSource, workingDirectory: workingDirectory)
        guard case .object(var top) = object, case .object(var spec)? = top["spec"] else { return object }
        if case .object(var model)? = spec["model"] {  // TrainedModel
            model = rewrite(model, base: base)
            spec["model"] = .object(model)
        }
        if case .object(var predictor)? = spec["predictor"] {
            for key in predictor.keys {
                guard case .object(let component)? = predictor[key] else { continue }
                predictor[key] = .object(rewrite(component, base: base))
            }
            spec["predictor"] = .object(predictor)
        }
        top["spec"] = .object(spec)
        return .object(top)
    }

    private static func rewrite(_ component: ValueObject, base: String) -> ValueObject {
        guard let uri = component["storageUri"]?.stringValue, isRelativePath(uri) else { return component }
        var copy = component
        copy["storageUri"] = .string(normalize(base + "/" + uri))
        return copy
    }

    /// No scheme (`s3://`, `file://`) and not absolute.
    static func isRelativePath(_ uri: String) -> Bool {
        !uri.isEmpty && !uri.hasPrefix("/") && !uri.contains("://")
    }

    static func baseDirectory(_ source: String, workingDirectory: String) -> String {
        guard source != InputFile.stdinName else { return workingDirectory }
        let directory: String
        if let slash = source.lastIndex(of: "/") {
            directory = slash == source.startIndex ? "/" : String(source[..<slash])
        } else {
            directory = "."
        }
        return directory.hasPrefix("/") ? directory : workingDirectory + "/" + directory
    }

    /// Removes `.` and `..` segments and doubled slashes from an absolute path.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
