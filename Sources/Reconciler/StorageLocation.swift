import Core

/// Turns a `storageUri` into a path on this machine.
enum StorageLocation {
    /// `/models/iris`, `models/iris` (relative to the server's working directory) and `file:///models/iris` are
    /// local paths; `http(s)://` URIs map to their download under `downloadDirectory` (see ``ModelDownloader``).
    /// Other remote schemes (`gs://`, `s3://`, `pvc://`, ...) are errors that say what to use.
    static func localPath(_ storageUri: String, downloadDirectory: String) throws(KServeError) -> String {
        if ModelDownloader.handles(storageUri) {
            return try ModelDownloader.path(for: storageUri, in: downloadDirectory)
        }
        if storageUri.hasPrefix("file://") {
            let path = String(storageUri.dropFirst("file://".count))
            guard !path.isEmpty, let decoded = PercentEncoding.decode(path) else {
                throw KServeError(.invalidInput, "storageUri \"\(storageUri)\" names no file")
            }
            return decoded
        }
        if let scheme = scheme(of: storageUri) {
            throw KServeError(
                .unsupported,
                "storageUri \"\(storageUri)\": the \(scheme):// scheme is not supported by kserve serve; "
                    + "use a local path, a file:// URI or an http(s):// URL"
            )
        }
        return storageUri
    }

    /// The URI scheme (`gs`, `https`) when the text starts with one followed by `://`.
    private static func scheme(of text: String) -> String? {
        guard let range = text.firstRange(of: "://") else { return nil }
        let scheme = text[..<range.lowerBound]
        let valid =
            scheme.first?.isLetter == true
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
        return valid ? String(scheme) : nil
    }
}
