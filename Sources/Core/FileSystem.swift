/// The few questions the project asks the file system (`stat`, directory listings), asked in one place.
package enum FileSystem {
    package enum Kind: Equatable, Sendable { case regular, directory, other }

    /// What is at `path` and its size in bytes, or nil when nothing is (`ENOENT`, `ENOTDIR`); any other failure is
    /// an `.io` error naming the path.
    package static func info(_ path: String) throws(KServeError) -> (kind: Kind, size: Int)? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw KServeError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return (.regular, Int(info.st_size))
        case S_IFDIR: return (.directory, Int(info.st_size))
        default: return (.other, Int(info.st_size))
        }
    }

    /// What is at `path`, nil when nothing is or it cannot be examined.
    package static func kind(_ path: String) -> Kind? {
        (try? info(path))??.kind
    }

    /// Whether anything is at `path`.
    package static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// The names in a directory, without `.` and `..`.
    package static func entries(of directory: String) throws(KServeError) -> [String] {
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
}
