import COpenSSL
import Core

/// Makes and checks the CA and server certificates of `kserve serve --tls` with libcrypto: ECDSA P-256 keys,
/// SHA-256 signatures, one year of validity.
enum CertificateIssuer {
    static let validityDays = 365
    /// A certificate with less than this left is replaced at start-up.
    static let renewalMarginSeconds = 7 * 86400

    /// A self-signed CA.
    static func makeAuthority(commonName: String) throws(KServeError) -> CertificatePair {
        try issue(commonName: commonName, isAuthority: true, altNames: [], authority: nil)
    }

    /// A server certificate for `altNames`, signed by `authority`.
    static func makeServerCertificate(
        altNames: [SubjectAltName],
        authority: CertificatePair
    ) throws(KServeError) -> CertificatePair {
        try issue(commonName: "kserve serve", isAuthority: false, altNames: altNames, authority: authority)
    }

    /// Whether `authority` parses, its key matches, and it stays valid past the renewal margin.
    static func isUsableAuthority(_ authority: CertificatePair) -> Bool {
        (try? withParsed(authority) { certificate, key in
            kserve_X509_check_private_key(certificate, key) == 1
                && kserve_tls_valid_for(certificate, renewalMarginSeconds) == 1
        }) ?? false
    }

    /// Whether `server` parses, its key matches, it was signed by `authority`'s key, stays valid past the renewal
    /// margin and names every one of `altNames`.
    static func isUsableServerCertificate(
        _ server: CertificatePair,
        authority: CertificatePair,
        altNames: [SubjectAltName]
    ) -> Bool {
        let usable = try? withParsed(server) { (certificate, key) throws(KServeError) -> Bool in
            guard kserve_X509_check_private_key(certificate, key) == 1,
                kserve_tls_valid_for(certificate, renewalMarginSeconds) == 1,
                altNames.allSatisfy({ covers(certificate, $0) })
            else { return false }
            return try withParsed(authority) { _, authorityKey in kserve_tls_signed_by(certificate, authorityKey) == 1 }
        }
        kserve_ERR_clear_error()
        return usable ?? false
    }

    /// Checks that `pair` is a PEM certificate and the private key that belongs to it (for `--tls-cert/--tls-key`).
    static func validatePair(_ pair: CertificatePair, certificateName: String, keyName: String) throws(KServeError) {
        let certificate = try parseCertificate(pair.certificatePEM, what: certificateName)
        defer { kserve_X509_free(certificate) }
        let key = try parseKey(pair.keyPEM, what: keyName)
        defer { kserve_EVP_PKEY_free(key) }
        guard kserve_X509_check_private_key(certificate, key) == 1 else {
            kserve_ERR_clear_error()
            throw KServeError(.tls, "the key in \(keyName) does not belong to the certificate in \(certificateName)")
        }
    }

    private static func covers(_ certificate: OpaquePointer, _ name: SubjectAltName) -> Bool {
        switch name {
        case .dns(let host): kserve_tls_covers_host(certificate, host) == 1
        case .ip(let address): kserve_tls_covers_ip(certificate, address) == 1
        }
    }

    private static func issue(
        commonName: String,
        isAuthority: Bool,
        altNames: [SubjectAltName],
        authority: CertificatePair?
    ) throws(KServeError) -> CertificatePair {
        if let reason = kserve_crypto_load_error() {
            throw KServeError(.tls, "cannot generate a certificate: \(String(cString: reason))")
        }
        kserve_ERR_clear_error()
        guard let key = kserve_tls_generate_p256_key() else { throw failure("generating an ECDSA P-256 key") }
        defer { kserve_EVP_PKEY_free(key) }
        let altNameValue = altNames.isEmpty ? nil : SubjectAltName.configValue(altNames)
        let certificate: OpaquePointer
        if let authority {
            certificate = try withParsed(authority) { (issuer, issuerKey) throws(KServeError) in
                guard
                    let made = kserve_tls_issue(
                        key,
                        commonName,
                        Int32(validityDays),
                        0,
                        altNameValue,
                        issuer,
                        issuerKey
                    )
                else { throw failure("issuing the server certificate") }
                return made
            }
        } else {
            guard let made = kserve_tls_issue(key, commonName, Int32(validityDays), 1, nil, nil, nil) else {
                throw failure("issuing the CA certificate")
            }
            certificate = made
        }
        defer { kserve_X509_free(certificate) }
        var length = 0
        guard let certificatePEM = kserve_tls_certificate_pem(certificate, &length) else {
            throw failure("encoding the certificate as PEM")
        }
        let certificateBytes = Array(UnsafeBufferPointer(start: certificatePEM, count: length))
        free(certificatePEM)
        guard let keyPEM = kserve_tls_private_key_pem(key, &length) else {
            throw failure("encoding the private key as PEM")
        }
        let keyBytes = Array(UnsafeBufferPointer(start: keyPEM, count: length))
        memset(keyPEM, 0, length)
        free(keyPEM)
        return CertificatePair(certificatePEM: certificateBytes, keyPEM: keyBytes)
    }

    /// Runs `body` with the parsed certificate and key of `pair`.
    private static func withParsed<T>(
        _ pair: CertificatePair,
        _ body: (OpaquePointer, OpaquePointer) throws(KServeError) -> T
    ) throws(KServeError) -> T {
        let certificate = try parseCertificate(pair.certificatePEM, what: "certificate")
        defer { kserve_X509_free(certificate) }
        let key = try parseKey(pair.keyPEM, what: "private key")
        defer { kserve_EVP_PKEY_free(key) }
        return try body(certificate, key)
    }

    private static func parseCertificate(_ pem: [UInt8], what: String) throws(KServeError) -> OpaquePointer {
        try withBIO(pem, what: what) { (bio) throws(KServeError) in
            kserve_ERR_clear_error()
            guard let certificate = kserve_PEM_read_bio_X509(bio, nil, nil, nil) else {
                throw failure("reading \(what) as a PEM certificate")
            }
            return certificate
        }
    }

    private static func parseKey(_ pem: [UInt8], what: String) throws(KServeError) -> OpaquePointer {
        try withBIO(pem, what: what) { (bio) throws(KServeError) in
            kserve_ERR_clear_error()
            guard let key = kserve_PEM_read_bio_PrivateKey(bio, nil, nil, nil) else {
                throw failure("reading \(what) as an unencrypted PEM private key")
            }
            return key
        }
    }

    private static func withBIO<T>(
        _ data: [UInt8],
        what: String,
        _ body: (OpaquePointer) throws(KServeError) -> T
    ) throws(KServeError) -> T {
        if let reason = kserve_crypto_load_error() {
            throw KServeError(.tls, "cannot read \(what): \(String(cString: reason))")
        }
        guard !data.isEmpty, data.count <= Int(Int32.max) else { throw KServeError(.tls, "\(what) is empty") }
        let bio = data.withUnsafeBytes { kserve_BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }
        guard let bio else { throw failure("reading \(what)") }
        defer { kserve_BIO_free(bio) }
        return try body(bio)
    }

    /// An error naming `action` and OpenSSL's reason.
    private static func failure(_ action: String) -> KServeError {
        let code = kserve_ERR_peek_last_error()
        defer { kserve_ERR_clear_error() }
        guard code != 0 else { return KServeError(.tls, "\(action) failed") }
        var buffer = [CChar](repeating: 0, count: 256)
        kserve_ERR_error_string_n(code, &buffer, buffer.count)
        let reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return KServeError(.tls, "\(action) failed: \(reason)")
    }
}
