import Core
import CurlHTTP
import Logging

/// Fetches models that a `storageUri` names by `http://` or `https://` into a directory of this server, as KServe's
/// storage initializer does for a pod before the model server starts.
///
/// A URI maps to one fixed path, `DIRECTORY/<hash of the URI>/<last path segment>`, so the file keeps the name the
/// format's conventions look at and an unchanged spec maps to the same registration. Each fetch downloads again
/// (as a restarted pod does) into a temporary file that is renamed over the old one only when complete, so a
/// failed download never leaves a partial model behind.
struct ModelDownloader: Sendable {
    /// Where downloads live: `STATE_DIR/downloads`, or a directory under `$TMPDIR` for an ephemeral server.
    let directory: String
    let client: HTTPClient
    /// Largest model file accepted.
    let maximumBytes: Int

    init(directory: String, maximumBytes: Int = 8 << 30) throws(KServeError) {
        var configuration = HTTPClientConfiguration()
        configuration.followRedirects = true
        configuration.userAgent = "kserve-storage"
        // No overall timeout (a large model may take long), but a file server that stops sending fails the fetch.
        configuration.slowTransfer = SlowTransferLimit(bytesPerSecond: 1024, seconds: 60)
        self.directory = directory
        self.client = try HTTPClient(configuration: configuration)
        self.maximumBytes = maximumBytes
    }

    /// Whether `storageUri` is one this downloader fetches.
    static func handles(_ storageUri: String) -> Bool {
        let lowered = storageUri.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }

    /// The local file `storageUri` is downloaded to.
    func path(for storageUri: String) throws(KServeError) -> String {
        try Self.path(for: storageUri, in: directory)
    }

    /// The local file `storageUri` is downloaded to under `directory`.
    static func path(for storageUri: String, in directory: String) throws(KServeError) -> String {
        "\(directory)/\(digest(storageUri))/\(try fileName(storageUri))"
    }

    /// Downloads `storageUri` to ``path(for:)`` and returns that path. Blocking work runs on threads of its own, never
    /// on the cooperative pool: the transfer and its writes on libcurl's thread, creating the file, and the `fsync`
    /// and rename that finish it (which wait for the disk) on a ``BlockingThread``.
    func fetch(_ storageUri: String) async throws(KServeError) -> String {
        let target = try path(for: storageUri)
        // Two services may fetch the same URI at once: each writes its own partial file.
        let partial = "\(target).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let file = try await BlockingThread.run { () throws(KServeError) in
            try StateFiles.makeDirectories(StateFiles.parent(of: target))
            return try DownloadFile(creating: partial)
        }
        let limit = maximumBytes
        let response: HTTPResponse
        do {
            response = try await client.stream(HTTPRequest(method: "GET", url: storageUri)) { chunk in
                file.append(chunk, limit: limit)
            }
        } catch {
            file.discard()
            throw KServeError(
                error.code,
                "storageUri \"\(storageUri)\": download failed: \(error.message)",
                cause: error
            )
        }
        let status = response.status
        try await BlockingThread.run { () throws(KServeError) in
            if let failure = file.close() {
                file.discard()
                throw KServeError(.io, "storageUri \"\(storageUri)\": \(failure)")
            }
            guard (200..<300).contains(status) else {
                file.discard()
                throw KServeError(
                    status == 404 ? .notFound : .http,
                    "storageUri \"\(storageUri)\": the server answered \(status) "
                        + HTTPStatusPhrase.standard(for: status)
                )
            }
            guard rename(partial, target) == 0 else {
                let failure = StateFiles.failure("rename to", target)
                file.discard()
                throw failure
            }
        }
        return target
    }

    /// ``fetch(_:)``, except that when the download fails and a complete earlier download of the same URI is there,
    /// that copy is used (and a warning logged), so that a restart without the network still serves what it served.
    func fetchOrReuse(_ storageUri: String, logger: Logger) async throws(KServeError) -> String {
        do {
            return try await fetch(storageUri)
        } catch {
            let earlier = try path(for: storageUri)
            guard access(earlier, R_OK) == 0 else { throw error }
            logger.warning(
                "\(error.message); serving the copy downloaded before (\(earlier))",
                metadata: ["path": "\(earlier)"]
            )
            return earlier
        }
    }

    /// The URI's last path segment, percent-decoded, or `model` when it has none; never a path of its own.
    static func fileName(_ storageUri: String) throws(KServeError) -> String {
        var rest = Substring(storageUri)
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        guard let slash = rest.firstIndex(of: "/") else { return "model" }
        let segment = rest[rest.index(after: slash)...].split(separator: "/", omittingEmptySubsequences: false).last
        guard let segment, !segment.isEmpty else { return "model" }
        guard let name = PercentEncoding.decode(String(segment)), !name.isEmpty else {
            throw KServeError(.invalidInput, "storageUri \"\(storageUri)\": its last path segment is not valid")
        }
        guard name != "." && name != ".." && !name.contains("/") && !name.contains("\0") && !name.hasPrefix(".")
        else {
            throw KServeError(.invalidInput, "storageUri \"\(storageUri)\": \"\(name)\" cannot name a model file")
        }
        return name
    }

    /// 64-bit FNV-1a of the URI in hex: a stable directory name per URI.
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// The file a download streams into; written from libcurl's transfer thread, one chunk at a time.
private final class DownloadFile: @unchecked Sendable {
    // Touched only by the transfer thread while it runs, then by the caller after it ended.
    private var descriptor: Int32
    private var written = 0
    private var failure: String?
    private let path: String

    init(creating path: String) throws(KServeError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StateFiles.failure("create", path) }
        self.descriptor = descriptor
        self.path = path
    }

    /// Writes one chunk; false (which ends the transfer) when the file cannot take it or it passes `limit`.
    func append(_ chunk: [UInt8], limit: Int) -> Bool {
        guard failure == nil else { return false }
        written += chunk.count
        guard written <= limit else {
            failure = "the model is larger than \(limit) bytes"
            return false
        }
        var offset = 0
        while offset < chunk.count {
            let result = chunk.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + offset }, chunk.count - offset)
            }
            if result < 0 {
                if errno == EINTR { continue }
                failure = "cannot write \(path): \(String(cString: strerror(errno)))"
                return false
            }
            offset += result
        }
        return true
    }

    /// Flushes and closes the file; the first problem seen while writing or closing, if any.
    func close() -> String? {
        guard descriptor >= 0 else { return failure }
        if failure == nil, fsync(descriptor) != 0 {
            failure = "cannot write \(path): \(String(cString: strerror(errno)))"
        }
        if closeDescriptor(descriptor) != 0, failure == nil {
            failure = "cannot write \(path): \(String(cString: strerror(errno)))"
        }
        descriptor = -1
        return failure
    }

    /// Closes (when still open) and removes the partial file.
    func discard() {
        if descriptor >= 0 {
            _ = closeDescriptor(descriptor)
            descriptor = -1
        }
        unlink(path)
    }
}

/// The system's `close`, named apart from ``DownloadFile/close()``.
private func closeDescriptor(_ descriptor: Int32) -> Int32 { close(descriptor) }
