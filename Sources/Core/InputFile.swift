/// Reads a whole input named on the command line: a path, or `-` for standard input.
package enum InputFile {
    /// The name used in messages for standard input.
    package static let stdinName = "<stdin>"

    /// The display name for a path argument (`-` reads as `<stdin>`).
    package static func displayName(_ path: String) -> String { path == "-" ? stdinName : path }

    package static func read(_ path: String) throws(KServeError) -> [UInt8] {
        if path == "-" { return try readAll(fd: 0, name: stdinName) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw KServeError(.io, "cannot read \(path): \(reason)")
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw KServeError(.io, "cannot read \(path): it is a directory")
        }
        return try readAll(fd: fd, name: path)
    }

    private static func readAll(fd: Int32, name: String) throws(KServeError) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress, $0.count) }
            if count == 0 { return result }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                throw KServeError(.io, "cannot read \(name): \(reason)")
            }
            result.append(contentsOf: chunk[0..<count])
        }
    }
}

private func readBytes(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
