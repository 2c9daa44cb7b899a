import COpenSSL
import Core

/// Checks PEM certificates and keys with OpenSSL before libcurl sees them, so a bad one is a clear error
/// rather than a vague handshake failure.
enum PEMValidator {
    /// Parses every certificate in `data`; returns how many there are (at least one).
    /// - Parameter what: names the input in messages, e.g. "CA data" or "client certificate file /a/b.pem".
    @discardableResult
    static func validateCertificates(_ data: [UInt8], what: String) throws(KServeError) -> Int {
        try withBIO(data, what: what) { (bio) throws(KServeError) in
            kserve_ERR_clear_error()
            var count = 0
            while let certificate = kserve_PEM_read_bio_X509(bio, nil, nil, nil) {
                kserve_X509_free(certificate)
                count += 1
            }
            // Running out of input ends the loop with "no start line"; any other error is damage.
            let ended = kserve_ERR_GET_REASON(kserve_ERR_peek_last_error()) == PEM_R_NO_START_LINE
            if count == 0 || !ended {
                throw KServeError(.tls, "\(what) is not valid PEM: \(openSSLErrorText())")
            }
            kserve_ERR_clear_error()
            return count
        }
    }

    /// Parses the first private key in `data`. Encrypted keys are rejected rather than prompting for a password.
    static func validatePrivateKey(_ data: [UInt8], what: String) throws(KServeError) {
        try withBIO(data, what: what) { (bio) throws(KServeError) in
            kserve_ERR_clear_error()
            guard let key = readPrivateKey(bio) else {
                throw KServeError(.tls, "\(what) is not valid PEM: \(openSSLErrorText())")
            }
            kserve_EVP_PKEY_free(key)
        }
    }

    /// Whether `data` holds a private key at all (a certificate file may carry its key).
    static func containsPrivateKey(_ data: [UInt8]) -> Bool {
        let found =
            (try? withBIO(data, what: "") { bio -> Bool in
                guard let key = readPrivateKey(bio) else { return false }
                kserve_EVP_PKEY_free(key)
                return true
            }) ?? false
        kserve_ERR_clear_error()
        return found
    }

    /// Checks that the first certificate in `certificate` belongs with the key in `key`.
    static func validatePair(certificate: [UInt8], key: [UInt8]) throws(KServeError) {
        let matches = try withBIO(certificate, what: "client certificate") { (certificateBIO) throws(KServeError) in
            try withBIO(key, what: "client key") { (keyBIO) throws(KServeError) -> Bool in
                kserve_ERR_clear_error()
                guard let x509 = kserve_PEM_read_bio_X509(certificateBIO, nil, nil, nil) else {
                    throw KServeError(.tls, "client certificate is not valid PEM: \(openSSLErrorText())")
                }
                defer { kserve_X509_free(x509) }
                guard let privateKey = readPrivateKey(keyBIO) else {
                    throw KServeError(.tls, "client key is not valid PEM: \(openSSLErrorText())")
                }
                defer { kserve_EVP_PKEY_free(privateKey) }
                let result = kserve_X509_check_private_key(x509, privateKey) == 1
                kserve_ERR_clear_error()
                return result
            }
        }
        guard matches else {
            throw KServeError(.tls, "client certificate and client key do not belong together")
        }
    }

    private static func readPrivateKey(_ bio: OpaquePointer) -> OpaquePointer? {
        // An empty password instead of none: OpenSSL would otherwise prompt on the terminal.
        "".withCString { password in
            kserve_PEM_read_bio_PrivateKey(bio, nil, nil, UnsafeMutableRawPointer(mutating: password))
        }
    }

    private static func withBIO<Result>(
        _ data: [UInt8],
        what: String,
        _ body: (OpaquePointer) throws(KServeError) -> Result
    ) throws(KServeError) -> Result {
        if let reason = kserve_crypto_load_error() {
            throw KServeError(
                .internal,
                "cannot load OpenSSL's libcrypto (install libssl3) to check \(what): \(String(cString: reason))"
            )
        }
        guard !data.isEmpty else { throw KServeError(.tls, "\(what) is empty") }
        guard data.count <= Int(Int32.max) else { throw KServeError(.tls, "\(what) is too large") }
        let outcome = data.withUnsafeBytes { buffer -> Swift.Result<Result, KServeError> in
            guard let bio = kserve_BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else {
                return .failure(KServeError(.internal, "cannot read \(what): OpenSSL is out of memory"))
            }
            defer { kserve_BIO_free(bio) }
            do throws(KServeError) {
                return .success(try body(bio))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    private static func openSSLErrorText() -> String {
        let code = kserve_ERR_peek_last_error()
        defer { kserve_ERR_clear_error() }
        guard code != 0 else { return "no certificate or key found" }
        var buffer = [CChar](repeating: 0, count: 256)
        kserve_ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
