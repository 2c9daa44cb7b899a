import CCurl
import Core

extension HTTPClient {
    /// One request from start to finish: prepare, trace, transfer on an idle handle, trace the outcome.
    /// With `bodySink`, a 2xx body goes to it chunk by chunk (see ``CurlResponseCollector``) and the response
    /// comes back without it.
    func execute(
        _ request: HTTPRequest,
        cancellation: AtomicFlag?,
        bodySink: (([UInt8]) -> Bool)? = nil
    ) throws(KServeError) -> HTTPResponse {
        let prepared = try PreparedRequest(request, configuration: configuration)
        tracer.request(request, sentHeaders: prepared.tracedHeaders)
        let start = ContinuousClock.now
        do {
            let easy = try checkOutHandle()
            defer { checkInHandle(easy) }
            let response = try transfer(prepared, on: easy, cancellation: cancellation, bodySink: bodySink)
            tracer.response(response, milliseconds: Self.milliseconds(since: start))
            return response
        } catch {
            tracer.failure(error, milliseconds: Self.milliseconds(since: start))
            throw error
        }
    }

    private func transfer(
        _ prepared: PreparedRequest,
        on easy: CurlEasy,
        cancellation: AtomicFlag?,
        bodySink: (([UInt8]) -> Bool)?
    ) throws(KServeError) -> HTTPResponse {
        try easy.reset()
        try applyClientOptions(to: easy, timeout: prepared.timeout)
        try easy.set(CURLOPT_URL, prepared.url)

        let headerList = try CurlStringList(prepared.headerLines)
        try easy.set(CURLOPT_HTTPHEADER, list: headerList)
        let connectList = CurlStringList()
        if let connectTo = prepared.connectTo {
            try connectList.append(connectTo)
            try easy.set(CURLOPT_CONNECT_TO, list: connectList)
        }
        try applyMethod(prepared, to: easy)

        let collector = CurlResponseCollector(
            limit: configuration.maxResponseBytes,
            cancellation: cancellation,
            expectsBody: prepared.method != "HEAD",
            bodySink: bodySink
        )
        try collector.install(on: easy)

        // The lists and the collector are read by libcurl during the transfer, so they must outlive it.
        let code = withExtendedLifetime((headerList, connectList, collector)) { () -> CURLcode in
            guard let body = prepared.body, !body.isEmpty else { return easy.perform() }
            // POSTFIELDS does not copy: the body stays pinned for the whole transfer.
            return body.withUnsafeBytes { buffer -> CURLcode in
                let pointer = UnsafeMutableRawPointer(mutating: buffer.baseAddress)
                let set = kserve_curl_easy_setopt_ptr(easy.handle, CURLOPT_POSTFIELDS, pointer)
                return set == CURLE_OK ? easy.perform() : set
            }
        }

        // A receiver that stopped reading ended the transfer on purpose.
        let stoppedOnPurpose = code == CURLE_WRITE_ERROR && collector.stoppedByReceiver && !collector.wasCancelled
        guard code == CURLE_OK || stoppedOnPurpose else {
            let failure = CurlFailure(
                code: Int(code.rawValue),
                text: easy.errorText(for: code),
                osErrno: easy.info(CURLINFO_OS_ERRNO)
            )
            let context = CurlFailureContext(
                url: prepared.displayURL,
                host: (try? CurlURL(prepared.url).host) ?? "",
                timeout: prepared.timeout,
                connectTimeout: configuration.connectTimeout,
                slowTransfer: configuration.slowTransfer,
                reachedTransfer: easy.info(offset: CURLINFO_PRETRANSFER_TIME_T) > 0,
                responseLimit: configuration.maxResponseBytes,
                exceededLimit: collector.exceededLimit,
                wasCancelled: collector.wasCancelled
            )
            throw failure.error(context)
        }

        let status = easy.info(CURLINFO_RESPONSE_CODE)
        return HTTPResponse(
            status: status,
            headers: collector.headers,
            body: collector.body,
            httpVersion: Self.versionText(easy.info(CURLINFO_HTTP_VERSION)),
            reason: collector.reason.isEmpty ? nil : collector.reason
        )
    }

    private func applyClientOptions(to easy: CurlEasy, timeout: Double?) throws(KServeError) {
        try easy.set(CURLOPT_NOSIGNAL, 1)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        try easy.set(CURLOPT_USERAGENT, configuration.userAgent)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
        try easy.set(CURLOPT_TIMEOUT_MS, timeout.map(Self.milliseconds) ?? 0)
        if let slow = configuration.slowTransfer {
            try easy.set(CURLOPT_LOW_SPEED_LIMIT, slow.bytesPerSecond)
            try easy.set(CURLOPT_LOW_SPEED_TIME, slow.seconds)
        }
        try easy.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
        try easy.set(CURLOPT_TCP_KEEPALIVE, 1)
        if configuration.followRedirects {
            try easy.set(CURLOPT_FOLLOWLOCATION, 1)
            try easy.set(CURLOPT_MAXREDIRS, 10)
            try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        }
        if let proxy = configuration.proxy { try easy.set(CURLOPT_PROXY, proxy) }
        try applyTLS(configuration.tls, to: easy)
    }

    private func applyTLS(_ tls: TLSOptions, to easy: CurlEasy) throws(KServeError) {
        if let data = tls.caData {
            try easy.set(CURLOPT_CAINFO_BLOB, blob: data)
        } else if let path = tls.caFile {
            try easy.set(CURLOPT_CAINFO, path)
        }
        if tls.caData != nil || tls.caFile != nil {
            // The given CA replaces the system trust store, directory included.
            try easy.set(CURLOPT_CAPATH, nil)
        }
        if let data = tls.clientCertificateData {
            try easy.set(CURLOPT_SSLCERT_BLOB, blob: data)
            try easy.set(CURLOPT_SSLCERTTYPE, "PEM")
        } else if let path = tls.clientCertificateFile {
            try easy.set(CURLOPT_SSLCERT, path)
            try easy.set(CURLOPT_SSLCERTTYPE, "PEM")
        }
        if let data = tls.clientKeyData {
            try easy.set(CURLOPT_SSLKEY_BLOB, blob: data)
            try easy.set(CURLOPT_SSLKEYTYPE, "PEM")
        } else if let path = tls.clientKeyFile {
            try easy.set(CURLOPT_SSLKEY, path)
            try easy.set(CURLOPT_SSLKEYTYPE, "PEM")
        }
        if tls.insecureSkipVerify {
            try easy.set(CURLOPT_SSL_VERIFYPEER, 0)
            try easy.set(CURLOPT_SSL_VERIFYHOST, 0)
        }
    }

    private func applyMethod(_ prepared: PreparedRequest, to easy: CurlEasy) throws(KServeError) {
        switch prepared.method {
        case "HEAD":
            try easy.set(CURLOPT_NOBODY, 1)
            return
        case "GET" where prepared.body == nil:
            try easy.set(CURLOPT_HTTPGET, 1)
            return
        case "POST":
            try easy.set(CURLOPT_POST, 1)
        default:
            try easy.set(CURLOPT_CUSTOMREQUEST, prepared.method)
        }
        guard let body = prepared.body else {
            if prepared.method == "POST" { try sendEmptyBody(on: easy) }
            return
        }
        if body.isEmpty {
            try sendEmptyBody(on: easy)
        } else {
            try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
        }
    }

    private func sendEmptyBody(on easy: CurlEasy) throws(KServeError) {
        try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: 0)
        try easy.set(CURLOPT_COPYPOSTFIELDS, "")
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        let value = (seconds * 1000).rounded(.up)
        return value >= Double(Int.max) ? Int.max : max(1, Int(value))
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        let (seconds, attoseconds) = elapsed.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    private static func versionText(_ code: Int) -> String {
        switch code {
        case Int(CURL_HTTP_VERSION_1_0): "1.0"
        case Int(CURL_HTTP_VERSION_1_1): "1.1"
        case Int(CURL_HTTP_VERSION_2_0): "2"
        case Int(CURL_HTTP_VERSION_3): "3"
        default: "1.1"
        }
    }
}
