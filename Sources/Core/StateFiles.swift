/// Files under a state directory, each written atomically: a temporary file in the same directory is written and
/// fsynced, renamed over the target, and the directory is fsynced, so that a crash leaves the old or the new file,
/// never a torn one, and an answered write survives power loss.
package struct StateFiles: Sendable {
    package let root: String

    package init(root: String) throws(KServeError) {
        self.root = root
        try Self.makeDirectories(root)
    }

    /// Writes `bytes` to `relativePath` (directories are created as needed).
    package func write(_ bytes: [UInt8], to relativePath: String) throws(KServeError) {
        let path = root + "/" + relativePath
        let directory = Self.parent(of: path)
        try Self.makeDirectories(directory)
        let temporary = directory + "/.tmp-" + Self.base(of: path) + "-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.failure("creating", temporary) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.write(fd, base + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let failure = Self.failure("writing", temporary)
                close(fd)
                unlink(temporary)
                throw failure
            }
            written += result
        }
        guard fsync(fd) == 0 else {
            let failure = Self.failure("syncing", temporary)
            close(fd)
            unlink(temporary)
            throw failure
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let failure = Self.failure("renaming \(temporary) to", path)
            unlink(temporary)
            throw failure
        }
        try Self.syncDirectory(directory)
    }

    /// Removes `relativePath`; a missing file is fine.
    package func remove(_ relativePath: String) throws(KServeError) {
        let path = root + "/" + relativePath
        if unlink(path) != 0, errno != ENOENT { throw Self.failure("removing", path) }
        try Self.syncDirectory(Self.parent(of: path))
    }

    /// The contents of `relativePath`, or nil when it does not exist.
    package func read(_ relativePath: String) throws(KServeError) -> [UInt8]? {
        let path = root + "/" + relativePath
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw Self.failure("opening", path)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.failure("reading", path)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// Every regular `*.json` file under `relativeDirectory`, recursively, as paths relative to the root; leftover
    /// temporary files from an interrupted write are removed.
    package func jsonFiles(under relativeDirectory: String) -> [String] {
        var found: [String] = []
        collect(relativeDirectory, into: &found)
        return found.sorted()
    }

    private func collect(_ relative: String, into found: inout [String]) {
        guard let names = try? FileSystem.entries(of: root + "/" + relative) else { return }
        for name in names {
            let child = relative + "/" + name
            guard let kind = FileSystem.kind(root + "/" + child) else { continue }
            if kind == .directory {
                collect(child, into: &found)
            } else if name.hasPrefix(".tmp-") {
                unlink(root + "/" + child)
            } else if name.hasSuffix(".json") {
                found.append(child)
            }
        }
    }

    package static func makeDirectories(_ path: String) throws(KServeError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o700) != 0, errno != EEXIST { throw failure("creating directory", current) }
        }
    }

    package static func syncDirectory(_ path: String) throws(KServeError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("opening directory", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("syncing directory", path) }
    }

    package static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    package static func base(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    package static func failure(_ action: String, _ path: String) -> KServeError {
        let reason = String(cString: strerror(errno))
        return KServeError(.io, "state directory: \(action) \(path) failed: \(reason)")
    }
}
