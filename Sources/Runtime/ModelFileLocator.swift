import Core

/// File-system questions about model paths: is it a directory, which file inside it is the model, how big it is.
enum ModelFileLocator {
    /// The model file a path names, found the way KServe's runtimes find it:
    ///
    /// - a file is itself;
    /// - a directory with one `.onnx` file uses it (other files beside it are its external data), else its one
    ///   regular, non-hidden file;
    /// - a directory with no files but numbered version directories (`1/`, `2/`) uses the highest version's model;
    /// - a directory with no files and one sub-directory (a Triton-style repository, `NAME/1/model.onnx`) looks in it.
    static func modelFile(at path: String) throws(KServeError) -> String {
        try modelFile(at: path, depth: 0)
    }

    private static func modelFile(at path: String, depth: Int) throws(KServeError) -> String {
        guard let kind = try fileKind(path) else {
            throw KServeError(.invalidInput, "\(path): no such model file or directory")
        }
        guard kind == .directory else { return path }
        let names = try entries(of: path).filter { !$0.hasPrefix(".") }.sorted()
        var regular: [String] = []
        var directories: [String] = []
        for name in names {
            switch try fileKind(join(path, name)) {
            case .regular: regular.append(name)
            case .directory: directories.append(name)
            default: continue
            }
        }
        let onnxFiles = regular.filter { fileExtension(of: $0) == "onnx" }
        if onnxFiles.count == 1, let only = onnxFiles.first { return join(path, only) }
        if regular.count == 1, let only = regular.first { return join(path, only) }
        if regular.isEmpty && depth < 2 {
            let versions = directories.compactMap { name in UInt64(name).map { (name, $0) } }
            if let highest = versions.max(by: { $0.1 < $1.1 }) {
                return try modelFile(at: join(path, highest.0), depth: depth + 1)
            }
            if directories.count == 1, let only = directories.first {
                return try modelFile(at: join(path, only), depth: depth + 1)
            }
        }
        let found = regular.isEmpty ? "none" : regular.joined(separator: ", ")
        throw KServeError(
            .invalidInput,
            "\(path): a model directory must hold exactly one model file, or version directories (1/, 2/) of one"
                + " (found \(found))"
        )
    }

    typealias Kind = FileSystem.Kind

    /// What is at `path`, or nil when nothing is.
    static func fileKind(_ path: String) throws(KServeError) -> Kind? { try FileSystem.info(path)?.kind }

    /// The size in bytes of the file at `path`.
    static func size(of path: String) throws(KServeError) -> Int {
        guard let info = try FileSystem.info(path) else {
            throw KServeError(.io, "cannot read \(path): \(String(cString: strerror(ENOENT)))")
        }
        return info.size
    }

    /// The names in a directory, without `.` and `..`.
    static func entries(of directory: String) throws(KServeError) -> [String] {
        try FileSystem.entries(of: directory)
    }

    /// Up to `bytes` bytes from the start of a file.
    static func head(of path: String, bytes: Int) throws(KServeError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw KServeError(.io, "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: bytes)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw KServeError(.io, "cannot read \(path): \(String(cString: strerror(errno)))") }
        return Array(buffer.prefix(count))
    }

    /// `directory/name` with exactly one slash between them.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The last path component.
    static func baseName(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return String(trimmed.split(separator: "/", omittingEmptySubsequences: true).last ?? trimmed)
    }

    /// The extension of a file name, lower-cased, without the dot; empty when there is none.
    static func fileExtension(of path: String) -> String {
        let name = baseName(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    /// The file name without its extension.
    static func stem(of path: String) -> String {
        let name = baseName(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}

extension ModelFileLocator {
    /// The directory part of a path ("." for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
