import Core

/// One object of a kubeconfig, read with YAML's words; errors name the file and the field path, e.g.
/// `users[0] ("alice").user.token`.
typealias ConfigFields = ObjectReader<DocumentPath>

/// The reads that follow client-go's rules for kubeconfig fields.
extension ObjectReader<DocumentPath> {
    /// A string; absent, `null` and empty all mean unset.
    func string(_ key: String) throws(KServeError) -> String? {
        guard let text = try optional(key)?.string(), !text.isEmpty else { return nil }
        return text
    }

    /// A base64 `*-data` field, decoded.
    func data(_ key: String) throws(KServeError) -> [UInt8]? {
        guard let text = try string(key) else { return nil }
        guard let bytes = Base64.decode(text) else { throw failure(at: key, "is not valid base64") }
        return bytes
    }

    /// A path field, made relative to `directory` when it is relative.
    func filePath(_ key: String, relativeTo directory: String) throws(KServeError) -> String? {
        guard let text = try string(key) else { return nil }
        return FilePath.resolve(text, against: directory)
    }
}
