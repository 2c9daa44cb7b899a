import Core

/// File-system questions about model paths: is it a directory, which file inside it is the model, how big it is.
enum ModelFileLocator {
    /// The model file a path names: the path itself, or the one regular, non-hidden file inside a directory.
    static func modelFile(at path: String) throws(KServeError) -> String {
        guard let kind = try fileKind(path) else {
            throw KServeError(.invalidInput, "\(path): no such model file or directory")
        }
        guard kind == .directory else { return path }
        let files = try entries(of: path).filter { !$0.hasPrefix(".") }.sorted()
        var regular: [String] = []
        for name in files where try fileKind(join(path, name)) == .regular { regular.append(name) }
        guard regular.count == 1, let only = regular.first else {
            let found = regular.isEmpty ? "none" : regular.joined(separator: ", ")
            throw KServeError(
                .invalidInput,
                "\(path): a model directory must hold exactly one model file (found \(found))"
            )
        }
        return join(path, only)
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
