import CCurl
import Core

/// One libcurl easy handle and its error buffer.
///
/// A handle keeps its connection cache across `curl_easy_reset`, so reusing it reuses connections (keep-alive).
/// Never used by two threads at once: ``HTTPClient`` hands each handle to one transfer at a time.
final class CurlEasy: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(KServeError) {
        try CurlGlobal.ensureInitialized()
        guard let handle = kserve_curl_easy_init() else {
            throw KServeError(.internal, "cannot create a libcurl handle (out of memory)")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        kserve_curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Forgets every option of the previous transfer; keeps connections, DNS and TLS session caches.
    func reset() throws(KServeError) {
        kserve_curl_easy_reset(handle)
        errorBuffer[0] = 0
        try check(kserve_curl_easy_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer), CURLOPT_ERRORBUFFER)
    }

    /// The error buffer's text of the last transfer, or libcurl's generic text for `code`.
    func errorText(for code: CURLcode) -> String {
        let text = String(cString: errorBuffer).trimmingTrailingNewlines()
        return text.isEmpty ? CurlGlobal.describe(code) : text
    }

    func set(_ option: CURLoption, _ value: Int) throws(KServeError) {
        try check(kserve_curl_easy_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, offset value: Int64) throws(KServeError) {
        try check(kserve_curl_easy_setopt_off_t(handle, option, curl_off_t(value)), option)
    }

    /// libcurl copies string options, so `value` need not outlive the call.
    func set(_ option: CURLoption, _ value: String?) throws(KServeError) {
        guard let value else {
            try check(kserve_curl_easy_setopt_string(handle, option, nil), option)
            return
        }
        let code = value.withCString { kserve_curl_easy_setopt_string(handle, option, $0) }
        try check(code, option)
    }

    /// Passes `bytes` as a blob that libcurl copies.
    func set(_ option: CURLoption, blob bytes: [UInt8]) throws(KServeError) {
        let code = bytes.withUnsafeBytes { buffer -> CURLcode in
            var blob = curl_blob(
                data: UnsafeMutableRawPointer(mutating: buffer.baseAddress),
                len: buffer.count,
                flags: UInt32(CURL_BLOB_COPY)
            )
            return kserve_curl_easy_setopt_blob(handle, option, &blob)
        }
        try check(code, option)
    }

    func set(_ option: CURLoption, list: CurlStringList) throws(KServeError) {
        try check(kserve_curl_easy_setopt_slist(handle, option, list.head), option)
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(KServeError) {
        try check(kserve_curl_easy_setopt_ptr(handle, option, pointer), option)
    }

    func info(_ info: CURLINFO) -> Int {
        var value = 0
        return kserve_curl_easy_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }

    func info(offset info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        return kserve_curl_easy_getinfo_off_t(handle, info, &value) == CURLE_OK ? Int64(value) : 0
    }

    func perform() -> CURLcode {
        kserve_curl_easy_perform(handle)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(KServeError) {
        guard code == CURLE_OK else {
            throw KServeError(
                .unsupported,
                "libcurl rejected option \(option.rawValue): \(CurlGlobal.describe(code))"
            )
        }
    }
}

/// A `curl_slist` owned by Swift; freed when the list goes away.
final class CurlStringList {
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    init() {}

    init(_ items: [String]) throws(KServeError) {
        for item in items { try append(item) }
    }

    deinit { kserve_curl_slist_free_all(head) }

    func append(_ item: String) throws(KServeError) {
        guard let next = kserve_curl_slist_append(head, item) else {
            throw KServeError(.internal, "cannot build a libcurl list (out of memory)")
        }
        head = next
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last.isNewline || last == " " { text.removeLast() }
        return String(text)
    }
}
