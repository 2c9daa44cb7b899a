import Core

/// Reads a tensor's external data: `location` (a path relative to the model's directory, inside it), with an
/// optional `offset` and `length`.
enum ExternalData {
    static func read(
        _ entries: [Onnx_StringStringEntryProto],
        directory: String?,
        what: String
    ) throws(KServeError) -> [UInt8] {
        var fields: [String: String] = [:]
        for entry in entries { fields[entry.key] = entry.value }
        guard let location = fields["location"], !location.isEmpty else {
            throw KServeError(.invalidInput, "\(what): external data without a location")
        }
        guard let directory else {
            throw KServeError(.invalidInput, "\(what): external data \"\(location)\" but the model has no directory")
        }
        let parts = location.split(separator: "/", omittingEmptySubsequences: true)
        guard !location.hasPrefix("/"), !parts.contains(".."), !parts.isEmpty else {
            throw KServeError(
                .invalidInput,
                "\(what): external data location \"\(location)\" must be a path inside the model's directory"
            )
        }
        let offset = try number(fields["offset"], "offset", what) ?? 0
        let length = try number(fields["length"], "length", what)
        let path = directory.hasSuffix("/") ? directory + location : directory + "/" + location
        guard let info = try FileSystem.info(path), info.kind == .regular else {
            throw KServeError(.invalidInput, "\(what): external data file \(path) does not exist")
        }
        let available = info.size - offset
        guard offset <= info.size else {
            throw KServeError(.invalidInput, "\(what): external data offset \(offset) is past the end of \(path)")
        }
        let wanted = length ?? available
        guard wanted <= available else {
            throw KServeError(
                .invalidInput,
                "\(what): external data wants \(wanted) bytes at offset \(offset) of \(path), which has \(info.size)"
            )
        }
        return try readRange(path, offset: offset, length: wanted)
    }

    private static func number(_ text: String?, _ name: String, _ what: String) throws(KServeError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw KServeError(.invalidInput, "\(what): external data \(name) \"\(text)\" is not a byte count")
        }
        return value
    }

    /// `length` bytes of a file from `offset`.
    private static func readRange(_ path: String, offset: Int, length: Int) throws(KServeError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw KServeError(.io, "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let count = buffer.withUnsafeMutableBytes { raw in
                pread(fd, raw.baseAddress.map { $0 + done }, length - done, off_t(offset + done))
            }
            guard count > 0 else {
                let reason = count == 0 ? "the file is shorter than its size said" : String(cString: strerror(errno))
                throw KServeError(.io, "cannot read \(path): \(reason)")
            }
            done += count
        }
        return buffer
    }
}
