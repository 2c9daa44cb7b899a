import Core
import CurlHTTP
import Resources
import Synchronization

/// A client of the Kubernetes API for KServe's resources, over one ``ClusterConnection``.
///
/// Every call authenticates as the connection says (re-reading token files, running exec plugins when their
/// credential is missing or expired, once more after a 401), reports API `Warning` headers to the warning sink,
/// retries 429 and 5xx answers that carry `Retry-After` within the time limit, and turns `metav1.Status` failures
/// into ``KServeError``s whose cause is a ``KubeStatus``.
package final class KubeClient: Sendable {
    package let connection: ClusterConnection
    package let options: KubeClientOptions
    let credentials: CredentialSource
    /// The server URL without a trailing slash; API paths are appended.
    let baseURL: String
    private let baseConfiguration: HTTPClientConfiguration
    private let plainClient: HTTPClient
    /// A client with the certificate an exec plugin returned, rebuilt when the certificate changes.
    private let certificateClient = Mutex<(certificate: [UInt8], key: [UInt8], client: HTTPClient)?>(nil)
    private let reportedWarnings = Mutex<Set<String>>([])

    /// Checks the server URL and the TLS material up front.
    package init(connection: ClusterConnection, options: KubeClientOptions = KubeClientOptions()) throws(KServeError) {
        var server = connection.server
        if !server.contains("://") { server = "https://" + server }
        guard server.hasPrefix("https://") || server.hasPrefix("http://") else {
            let shown = HTTPRedaction.url(connection.server)
            throw KServeError(.invalidInput, "the API server URL '\(shown)' is neither http nor https")
        }
        while server.hasSuffix("/") { server.removeLast() }
        baseURL = server
        self.connection = connection
        self.options = options
        credentials = CredentialSource(connection.credentials)

        var configuration = HTTPClientConfiguration()
        configuration.connectTimeout = options.connectTimeout
        configuration.timeout = nil
        configuration.tls = connection.tls
        configuration.proxy = connection.proxyURL
        configuration.userAgent = options.userAgent
        configuration.trace = options.traceLevel
        configuration.traceSink = options.traceSink
        // Status bodies and single objects are small; this only stops a misbehaving server.
        configuration.maxResponseBytes = 256 << 20
        baseConfiguration = configuration
        plainClient = try HTTPClient(configuration: configuration)
    }

    /// How many times the exec credential plugin has run for this client.
    package var execPluginRuns: Int { credentials.pluginRuns }

    /// One API call to be made.
    struct Call: Sendable {
        var method: String
        /// An absolute API path, already percent-encoded.
        var path: String
        var query: [(String, String)] = []
        var body: [UInt8]? = nil
        var contentType: String? = nil

        var display: String { "\(method) \(path)" }
    }

    /// Makes `call` and returns a 2xx answer; anything else becomes an error.
    func perform(_ call: Call) async throws(KServeError) -> HTTPResponse {
        let deadline = callDeadline()
        var attempt = 1
        while true {
            let response = try await send(call, timeout: try remaining(until: deadline, call: call))
            if response.isSuccess { return response }
            if let wait = retryDelay(response), attempt < options.maxAttempts {
                let fits = deadline.map { ContinuousClock.now + .seconds(wait) < $0 } ?? true
                if fits {
                    try await Self.sleep(seconds: wait, call: call)
                    attempt += 1
                    continue
                }
            }
            var error = KubeStatus.error(for: response, method: call.method, path: call.path)
            if attempt > 1 { error.message += " (after \(attempt) attempts)" }
            throw error
        }
    }

    /// Sends `call` once with the current credential, and once more with a fresh one after a 401 when the
    /// credential comes from an exec plugin. Any status comes back as a response.
    func send(
        _ call: Call,
        timeout: Double?,
        streamingTo sink: (@Sendable ([UInt8]) -> Bool)? = nil
    )
        async throws(KServeError) -> HTTPResponse
    {
        var refreshed = false
        while true {
            let material = try await currentMaterial()
            var headers = HTTPHeaders()
            headers.add("Accept", "application/json")
            if let contentType = call.contentType { headers.add("Content-Type", contentType) }
            if let authorization = material.authorization { headers.add("Authorization", authorization) }
            for (name, value) in connection.impersonation?.headers ?? [] { headers.add(name, value) }
            var url = baseURL + call.path
            if !call.query.isEmpty { url += "?" + PercentEncoding.query(call.query) }
            let request = HTTPRequest(
                method: call.method,
                url: url,
                headers: headers,
                body: call.body,
                timeout: timeout
            )
            let client = try httpClient(for: material)
            let response: HTTPResponse
            if let sink {
                response = try await client.stream(request, onBody: sink)
            } else {
                response = try await client.send(request)
            }
            reportWarnings(response)
            if response.status == 401, credentials.canRefresh, !refreshed {
                credentials.invalidate()
                refreshed = true
                continue
            }
            return response
        }
    }

    private func currentMaterial() async throws(KServeError) -> AuthMaterial {
        let source = credentials
        guard source.blocks else { return try source.material() }
        return try await BlockingThread.run { () throws(KServeError) -> AuthMaterial in try source.material() }
    }

    private func httpClient(for material: AuthMaterial) throws(KServeError) -> HTTPClient {
        guard let certificate = material.clientCertificate, let key = material.clientKey else { return plainClient }
        let configuration = baseConfiguration
        let result: Result<HTTPClient, KServeError> = certificateClient.withLock { slot in
            if let slot, slot.certificate == certificate, slot.key == key { return .success(slot.client) }
            var withCertificate = configuration
            withCertificate.tls.clientCertificateData = certificate
            withCertificate.tls.clientKeyData = key
            withCertificate.tls.clientCertificateFile = nil
            withCertificate.tls.clientKeyFile = nil
            do throws(KServeError) {
                let client = try HTTPClient(configuration: withCertificate)
                slot = (certificate, key, client)
                return .success(client)
            } catch {
                return .failure(
                    KServeError(
                        .auth,
                        "the exec credential plugin returned an unusable client certificate: \(error.message)",
                        cause: error
                    )
                )
            }
        }
        return try result.get()
    }

    private func reportWarnings(_ response: HTTPResponse) {
        guard let sink = options.warningSink else { return }
        for field in response.headers.values("Warning") {
            for text in APIWarnings.texts(field) where reportedWarnings.withLock({ $0.insert(text).inserted }) {
                sink(text)
            }
        }
    }

    /// Seconds to wait before retrying: only 429 and 5xx answers with a numeric `Retry-After`, as client-go does.
    func retryDelay(_ response: HTTPResponse) -> Double? {
        guard response.status == 429 || response.status >= 500,
            let text = response.headers["Retry-After"]?.trimmingWhitespace(), let seconds = Int(text), seconds >= 0
        else { return nil }
        return Double(seconds)
    }

    func callDeadline() -> ContinuousClock.Instant? {
        let fromTimeout = options.timeout.map { ContinuousClock.now + .milliseconds(Int64(($0 * 1000).rounded())) }
        switch (fromTimeout, options.deadline) {
        case (let a?, let b?): return min(a, b)
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (nil, nil): return nil
        }
    }

    /// Seconds left before `deadline` (nil: no limit); an error once it passed.
    func remaining(until deadline: ContinuousClock.Instant?, call: Call) throws(KServeError) -> Double? {
        guard let deadline else { return nil }
        let left = deadline - ContinuousClock.now
        let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
        guard seconds > 0.001 else {
            throw KServeError(.timeout, "\(call.display): timed out")
        }
        return seconds
    }

    static func sleep(seconds: Double, call: Call) async throws(KServeError) {
        do {
            try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded())))
        } catch {
            throw KServeError(.interrupted, "\(call.display): interrupted while waiting to retry")
        }
    }

    /// The body of a 2xx answer as a JSON value.
    static func decode(_ response: HTTPResponse, call: Call) throws(KServeError) -> Value {
        do throws(KServeError) {
            return try JSONParser.parse(response.body, source: call.display)
        } catch {
            throw KServeError(.badResponse, "the API server's answer is not JSON: \(error.message)", cause: error)
        }
    }
}
