import Core

/// Writes the trace lines of ``HTTPClient`` at its configured level, always with credentials redacted.
struct HTTPTracer: Sendable {
    let level: HTTPTraceLevel
    let sink: @Sendable (String) -> Void

    /// Bodies longer than this are cut in the trace.
    static let bodyLimit = 4096

    init(level: HTTPTraceLevel, sink: (@Sendable (String) -> Void)?) {
        self.level = level
        self.sink = sink ?? Self.standardError
    }

    var isEnabled: Bool { level >= .requests }

    func request(_ request: HTTPRequest, sentHeaders: HTTPHeaders) {
        guard isEnabled else { return }
        sink("> \(request.method) \(HTTPRedaction.url(request.url))")
        guard level >= .bodies else { return }
        for field in sentHeaders {
            sink("> \(field.name): \(HTTPRedaction.value(field.value, forHeader: field.name))")
        }
        if let body = request.body, !body.isEmpty { sink("> " + Self.describeBody(body)) }
    }

    func response(_ response: HTTPResponse, milliseconds: Double) {
        guard isEnabled else { return }
        let status = response.reason.isEmpty ? "\(response.status)" : "\(response.status) \(response.reason)"
        sink("< \(status) (\(Self.formatMilliseconds(milliseconds)) ms, \(response.body.count) bytes)")
        guard level >= .bodies else { return }
        for field in response.headers {
            sink("< \(field.name): \(HTTPRedaction.value(field.value, forHeader: field.name))")
        }
        if !response.body.isEmpty { sink("< " + Self.describeBody(response.body)) }
    }

    func failure(_ error: KServeError, milliseconds: Double) {
        guard isEnabled else { return }
        sink("< error: \(error.message) (\(Self.formatMilliseconds(milliseconds)) ms)")
    }

    /// Text bodies as text (cut at ``bodyLimit``), anything else as its size.
    static func describeBody(_ body: [UInt8]) -> String {
        var shown = body.prefix(bodyLimit)
        // Never cut inside a UTF-8 sequence.
        if shown.count < body.count {
            while let last = shown.last, last & 0xC0 == 0x80 { shown.removeLast() }
            if let last = shown.last, last >= 0xC0 { shown.removeLast() }
        }
        guard let text = String(validating: shown, as: UTF8.self), isPrintable(text) else {
            return "<\(body.count) bytes binary>"
        }
        let rest = body.count - shown.count
        return rest > 0 ? "\(text)... (\(rest) more bytes)" : text
    }

    static func formatMilliseconds(_ value: Double) -> String {
        let tenths = Int((max(value, 0) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    private static func isPrintable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            scalar.value >= 0x20 && scalar.value != 0x7F || scalar == "\n" || scalar == "\r" || scalar == "\t"
        }
    }

    private static let standardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
