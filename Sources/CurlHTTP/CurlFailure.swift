import CCurl
import Core

/// What libcurl reported for a failed transfer; kept as the cause of the ``KServeError`` built from it.
struct CurlFailure: Error, Sendable, CustomStringConvertible {
    var code: Int
    var text: String
    /// The socket error behind a connect failure (`CURLINFO_OS_ERRNO`), or 0.
    var osErrno: Int

    var description: String { "libcurl error \(code): \(text)" }
}

/// The facts about a failed transfer needed to word its error.
struct CurlFailureContext {
    var url: String
    var host: String
    var timeout: Double?
    var connectTimeout: Double
    var slowTransfer: SlowTransferLimit?
    /// Whether the transfer got past connecting (TCP, proxy and TLS) before it failed.
    var reachedTransfer: Bool
    var responseLimit: Int?
    var exceededLimit: Bool
    var wasCancelled: Bool
}

extension CurlFailure {
    private static let tlsCodes: Set<UInt32> = [
        CURLE_SSL_CONNECT_ERROR.rawValue,
        CURLE_PEER_FAILED_VERIFICATION.rawValue,
        CURLE_SSL_CERTPROBLEM.rawValue,
        CURLE_SSL_CIPHER.rawValue,
        CURLE_SSL_CACERT_BADFILE.rawValue,
        CURLE_SSL_ENGINE_NOTFOUND.rawValue,
        CURLE_SSL_ENGINE_SETFAILED.rawValue,
        CURLE_SSL_ENGINE_INITFAILED.rawValue,
        CURLE_SSL_SHUTDOWN_FAILED.rawValue,
        CURLE_SSL_CRL_BADFILE.rawValue,
        CURLE_SSL_ISSUER_ERROR.rawValue,
        CURLE_SSL_PINNEDPUBKEYNOTMATCH.rawValue,
        CURLE_SSL_INVALIDCERTSTATUS.rawValue,
        CURLE_SSL_CLIENTCERT.rawValue,
        CURLE_USE_SSL_FAILED.rawValue,
    ]

    /// Turns a libcurl result into the project's error, naming the URL and keeping libcurl's text.
    func error(_ context: CurlFailureContext) -> KServeError {
        let url = context.url
        let raw = UInt32(code)
        if context.wasCancelled || raw == CURLE_ABORTED_BY_CALLBACK.rawValue {
            return KServeError(.interrupted, "request to \(url) was cancelled", cause: self)
        }
        if context.exceededLimit {
            let limit = context.responseLimit.map { " of \($0) bytes" } ?? ""
            return KServeError(.badResponse, "response from \(url) exceeds the size limit\(limit)", cause: self)
        }
        switch raw {
        case CURLE_COULDNT_CONNECT.rawValue:
            let reason = osErrno == Int(ECONNREFUSED) ? "connection refused" : text
            return KServeError(.connectionRefused, "cannot connect to \(url): \(reason)", cause: self)
        case CURLE_COULDNT_RESOLVE_HOST.rawValue:
            return KServeError(.dns, "cannot resolve host '\(context.host)' of \(url): \(text)", cause: self)
        case CURLE_COULDNT_RESOLVE_PROXY.rawValue:
            return KServeError(.dns, "cannot resolve the proxy for \(url): \(text)", cause: self)
        case CURLE_OPERATION_TIMEDOUT.rawValue:
            return timeoutError(context)
        case CURLE_URL_MALFORMAT.rawValue, CURLE_UNSUPPORTED_PROTOCOL.rawValue:
            return KServeError(.invalidInput, "invalid URL '\(url)': \(text)", cause: self)
        case _ where Self.tlsCodes.contains(raw):
            return KServeError(.tls, "TLS failure talking to \(url): \(text)", cause: self)
        case CURLE_RECV_ERROR.rawValue where Self.looksLikeTLSAlert(text),
            CURLE_SEND_ERROR.rawValue where Self.looksLikeTLSAlert(text):
            // TLS 1.3 servers reject a client certificate after the handshake, so it surfaces on read.
            return KServeError(.tls, "TLS failure talking to \(url): \(text)", cause: self)
        default:
            return KServeError(.transport, "request to \(url) failed: \(text)", cause: self)
        }
    }

    private func timeoutError(_ context: CurlFailureContext) -> KServeError {
        let url = context.url
        let connectLimited = context.timeout.map { context.connectTimeout < $0 } ?? true
        if !context.reachedTransfer && connectLimited {
            let seconds = context.connectTimeout
            return KServeError(.timeout, "connecting to \(url) timed out after \(seconds)s", cause: self)
        }
        // Past connecting, with no overall timeout only the low-speed limit can end a transfer; with both, libcurl
        // words a low-speed abort "Operation too slow".
        if let slow = context.slowTransfer, context.timeout == nil || text.contains("too slow") {
            return KServeError(
                .timeout,
                "transfer from \(url) stalled: slower than \(slow.bytesPerSecond) bytes/s for \(slow.seconds) s",
                cause: self
            )
        }
        guard let seconds = context.timeout else {
            return KServeError(.timeout, "request to \(url) timed out: \(text)", cause: self)
        }
        return KServeError(.timeout, "request to \(url) timed out after \(seconds)s", cause: self)
    }

    private static func looksLikeTLSAlert(_ text: String) -> Bool {
        text.contains("SSL") || text.contains("TLS") || text.contains("alert")
    }
}
