import Core
import CurlHTTP

/// How a ``KubeClient`` behaves: time limits, tracing, where API warnings go.
package struct KubeClientOptions: Sendable {
    /// Seconds each call may take in all, retries of 429/5xx answers included; nil waits as long as it takes.
    /// Watches ignore it.
    package var timeout: Double?
    /// An absolute end for every call, e.g. the end of a command's `--timeout`; the earlier of this and
    /// ``timeout`` applies.
    package var deadline: ContinuousClock.Instant?
    /// Seconds allowed to connect (TCP and TLS).
    package var connectTimeout: Double = 10
    /// `-v` tracing of requests; credentials are always redacted.
    package var traceLevel: HTTPTraceLevel = .none
    /// Receives trace lines; standard error when nil.
    package var traceSink: (@Sendable (String) -> Void)?
    /// Receives the text of each API `Warning` header (once per distinct text); dropped when nil.
    package var warningSink: (@Sendable (String) -> Void)?
    package var userAgent: String = "kserve"
    /// The field manager of server-side apply and of writes.
    package var fieldManager: String = "kserve"
    /// At most this many attempts per call for answers that carry `Retry-After` (429, 5xx).
    package var maxAttempts: Int = 10
    /// Page size of lists.
    package var pageSize: Int = 500

    package init(
        timeout: Double? = nil,
        traceLevel: HTTPTraceLevel = .none,
        traceSink: (@Sendable (String) -> Void)? = nil,
        warningSink: (@Sendable (String) -> Void)? = nil,
        userAgent: String = "kserve"
    ) {
        self.timeout = timeout
        self.traceLevel = traceLevel
        self.traceSink = traceSink
        self.warningSink = warningSink
        self.userAgent = userAgent
    }
}
