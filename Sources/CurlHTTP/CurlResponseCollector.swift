import CCurl
import Core

/// Receives one response from libcurl's header and write callbacks.
///
/// libcurl reports every response of an exchange (`100 Continue`, then the final one); a new status line starts
/// over, so what remains at the end belongs to the final response.
final class CurlResponseCollector {
    private(set) var body: [UInt8] = []
    private(set) var headers = HTTPHeaders()
    private(set) var reason = ""
    private(set) var exceededLimit = false
    private(set) var wasCancelled = false
    /// The status of the response being received, from its status line; 0 before one arrived.
    private(set) var status = 0
    /// Whether ``bodySink`` asked to end the transfer.
    private(set) var stoppedByReceiver = false
    private let limit: Int?
    private let cancellation: AtomicFlag?
    /// Receives the body of a 2xx response chunk by chunk instead of collecting it; returns false to stop.
    /// Other statuses are still collected into ``body``.
    private let bodySink: (([UInt8]) -> Bool)?

    private let expectsBody: Bool

    /// At most this much is reserved from a `Content-Length` up front, so a server cannot make the client
    /// allocate by announcing a huge body; larger bodies still arrive in full.
    private static let maximumReservation = 1 << 24

    init(
        limit: Int?,
        cancellation: AtomicFlag?,
        expectsBody: Bool,
        bodySink: (([UInt8]) -> Bool)? = nil
    ) {
        self.limit = limit
        self.cancellation = cancellation
        self.expectsBody = expectsBody
        self.bodySink = bodySink
    }

    /// Installs the callbacks on `easy`. The collector must stay alive until the transfer ends.
    func install(on easy: CurlEasy) throws(KServeError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try easy.set(CURLOPT_WRITEDATA, pointer: context)
        try easy.set(CURLOPT_HEADERDATA, pointer: context)
        let write = kserve_curl_easy_setopt_data_cb(easy.handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            guard let context else { return 0 }
            let collector = Unmanaged<CurlResponseCollector>.fromOpaque(context).takeUnretainedValue()
            let length = size * count
            guard length > 0, let data else { return length }
            return collector.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
        }
        let header = kserve_curl_easy_setopt_data_cb(easy.handle, CURLOPT_HEADERFUNCTION) {
            data,
            size,
            count,
            context in
            guard let context else { return 0 }
            let collector = Unmanaged<CurlResponseCollector>.fromOpaque(context).takeUnretainedValue()
            let length = size * count
            guard length > 0, let data else { return length }
            collector.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
            return length
        }
        guard write == CURLE_OK, header == CURLE_OK else {
            throw KServeError(.internal, "libcurl rejected the response callbacks")
        }
        if cancellation != nil {
            try easy.set(CURLOPT_NOPROGRESS, 0)
            try easy.set(CURLOPT_XFERINFODATA, pointer: context)
            let progress = kserve_curl_easy_setopt_xferinfo_cb(easy.handle, CURLOPT_XFERINFOFUNCTION) {
                context,
                _,
                _,
                _,
                _ in
                guard let context else { return 0 }
                let collector = Unmanaged<CurlResponseCollector>.fromOpaque(context).takeUnretainedValue()
                return collector.checkCancellation() ? 1 : 0
            }
            guard progress == CURLE_OK else {
                throw KServeError(.internal, "libcurl rejected the progress callback")
            }
        }
    }

    private func checkCancellation() -> Bool {
        guard let cancellation, cancellation.isSet else { return false }
        wasCancelled = true
        return true
    }

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if let bodySink, (200..<300).contains(status) {
            guard bodySink(Array(bytes)) else {
                stoppedByReceiver = true
                return false
            }
            return true
        }
        if let limit, body.count + bytes.count > limit {
            exceededLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var line = Substring(String(decoding: bytes, as: UTF8.self))
        while let last = line.last, last.isNewline { line.removeLast() }
        if line.isEmpty { return }
        if line.hasPrefix("HTTP/") {
            startResponse(statusLine: line)
            return
        }
        if let first = line.first, first == " " || first == "\t" {
            // An obsolete folded continuation of the previous field.
            appendContinuation(line)
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon])
        let value = String(line[line.index(after: colon)...].trimmingBlanks())
        headers.add(name, value)
        if expectsBody, HTTPHeaders.equalNames(name, "Content-Length"), let length = Int(value), length > 0 {
            body.reserveCapacity(min(length, limit ?? length, Self.maximumReservation))
        }
    }

    private func startResponse(statusLine: Substring) {
        headers = HTTPHeaders()
        body = []
        // "HTTP/1.1 404 Not Found": the phrase is what follows the second space, possibly nothing.
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        status = parts.count >= 2 ? Int(parts[1]) ?? 0 : 0
        reason = parts.count == 3 ? String(parts[2].trimmingBlanks()) : ""
    }

    private func appendContinuation(_ line: Substring) {
        var fields = Array(headers)
        guard let last = fields.popLast() else { return }
        var rebuilt = HTTPHeaders(fields.map { ($0.name, $0.value) })
        rebuilt.add(last.name, last.value + " " + line.trimmingBlanks())
        headers = rebuilt
    }
}
