import Core

/// Typed reads of one kubeconfig object, with errors that name the file and the field path.
struct ConfigFields {
    let object: ValueObject
    let source: String
    /// Where the object sits, e.g. `users[0] ("alice").user`.
    let path: String

    init(_ value: Value, source: String, path: String) throws(KServeError) {
        guard case .object(let object) = value else {
            throw KServeError(.invalidInput, "\(source): \(path): expected a mapping, found \(value.kindDescription)")
        }
        self.object = object
        self.source = source
        self.path = path
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func failure(_ key: String, _ problem: String) -> KServeError {
        KServeError(.invalidInput, "\(source): \(fieldPath(key)): \(problem)")
    }

    /// A present, non-null value.
    func value(_ key: String) -> Value? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    /// A string; empty strings count as absent, as in client-go.
    func string(_ key: String) throws(KServeError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else {
            throw failure(key, "expected a string, found \(value.kindDescription)")
        }
        return text.isEmpty ? nil : text
    }

    func bool(_ key: String) throws(KServeError) -> Bool {
        guard let value = value(key) else { return false }
        guard case .bool(let flag) = value else {
            throw failure(key, "expected true or false, found \(value.kindDescription)")
        }
        return flag
    }

    func strings(_ key: String) throws(KServeError) -> [String] {
        guard let value = value(key) else { return [] }
        guard case .array(let items) = value else {
            throw failure(key, "expected a list of strings, found \(value.kindDescription)")
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else {
                throw failure("\(key)[\(index)]", "expected a string, found \(item.kindDescription)")
            }
            result.append(text)
        }
        return result
    }

    func array(_ key: String) throws(KServeError) -> [Value] {
        guard let value = value(key) else { return [] }
        guard case .array(let items) = value else {
            throw failure(key, "expected a list, found \(value.kindDescription)")
        }
        return items
    }

    /// A base64 `*-data` field, decoded.
    func data(_ key: String) throws(KServeError) -> [UInt8]? {
        guard let text = try string(key) else { return nil }
        guard let bytes = Base64.decode(text) else { throw failure(key, "is not valid base64") }
        return bytes
    }

    /// A path field, made relative to `directory` when it is relative.
    func filePath(_ key: String, relativeTo directory: String) throws(KServeError) -> String? {
        guard let text = try string(key) else { return nil }
        return FilePath.resolve(text, against: directory)
    }
}
