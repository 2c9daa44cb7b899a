import CCurl
import Core
import Synchronization

/// A blocking HTTP/1.1 and HTTP/2 client on libcurl.
///
/// Requests on one client reuse connections (keep-alive). Concurrent requests each take their own libcurl
/// handle; idle handles are kept, guarded by a lock, so the next request finds its connection still open.
package final class HTTPClient: Sendable {
    package let configuration: HTTPClientConfiguration
    let tracer: HTTPTracer
    private let idleHandles: Mutex<[CurlEasy]>

    /// Idle handles kept beyond this many are closed.
    private static let maximumIdleHandles = 8

    /// Checks the TLS material up front, so a bad certificate or key fails here with a clear `.tls` error.
    package init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) throws(KServeError) {
        try CurlGlobal.ensureInitialized()
        guard configuration.connectTimeout > 0 else {
            throw KServeError(
                .invalidInput,
                "the connect timeout must be positive, not \(configuration.connectTimeout)"
            )
        }
        if let slow = configuration.slowTransfer, slow.bytesPerSecond <= 0 || slow.seconds <= 0 {
            throw KServeError(
                .invalidInput,
                "the slow-transfer limit must be positive, not \(slow.bytesPerSecond) bytes/s for \(slow.seconds) s"
            )
        }
        if let timeout = configuration.timeout, !(timeout > 0) {
            throw KServeError(.invalidInput, "the request timeout must be positive, not \(timeout)")
        }
        if let limit = configuration.maxResponseBytes, limit < 0 {
            throw KServeError(.invalidInput, "the response size limit must not be negative, not \(limit)")
        }
        try TLSMaterial.validate(configuration.tls)
        self.configuration = configuration
        tracer = HTTPTracer(level: configuration.trace, sink: configuration.traceSink)
        idleHandles = Mutex([try CurlEasy()])
    }

    /// The libcurl version line, e.g. `libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 nghttp2/1.52.0`.
    package static var libcurlVersion: String { CurlGlobal.versionText }

    /// Sends `request` and waits for the whole response. A non-2xx status is a response, not an error.
    package func send(_ request: HTTPRequest) throws(KServeError) -> HTTPResponse {
        try execute(request, cancellation: nil)
    }

    /// Sends `request` from a thread of its own, never blocking the caller's executor.
    /// Cancelling the task aborts the transfer with `.interrupted`.
    package func send(_ request: HTTPRequest) async throws(KServeError) -> HTTPResponse {
        let flag = AtomicFlag()
        return try await BlockingThread.run(onCancel: flag.set) { () throws(KServeError) in
            try self.execute(request, cancellation: flag)
        }
    }

    func checkOutHandle() throws(KServeError) -> CurlEasy {
        if let easy = idleHandles.withLock({ $0.popLast() }) { return easy }
        return try CurlEasy()
    }

    func checkInHandle(_ easy: CurlEasy) {
        idleHandles.withLock { handles in
            if handles.count < Self.maximumIdleHandles { handles.append(easy) }
        }
    }
}
