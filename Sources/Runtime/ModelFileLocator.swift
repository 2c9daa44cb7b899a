import Transport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

    enum Kind: Equatable { case regular, directory, other }

    /// What is at `path`, or nil when nothing is.
    static func fileKind(_ path: String) throws(KServeError) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw KServeError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The size in bytes of the file at `path`.
    static func size(of path: String) throws(KServeError) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw KServeError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        return Int(info.st_size)
    }

    /// The names in a directory, without `.` and `..`.
    static func entries(of directory: String) throws(KServeError) -> [String] {
        guard let handle = opendir(directory) else {
            throw KServeError(.io, "cannot list \(directory): \(String(cString: strerror(errno)))")
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
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
