import Core
import Logging

/// What `kserve serve --tls` serves with: its certificate chain and key, and the CA clients should trust (written to
/// the kubeconfig) when the server made its own.
package struct ServerTLSMaterial: Sendable {
    package var server: CertificatePair
    /// The generated CA's certificate; nil for certificates loaded from files.
    package var certificateAuthorityPEM: [UInt8]?

    /// Loads or generates the material `settings` describes. Generated material is valid for `address` (when it is a
    /// specific address), localhost, 127.0.0.1 and ::1; what is on disk is reused while it is valid for those and
    /// for a week more, and the CA is kept while it is valid so that clients keep trusting it.
    /// Blocking file IO and key generation: call it off the event loops.
    package static func resolve(
        _ settings: TLSSettings,
        address: String,
        logger: Logger = Logger(label: "kserve.tls", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(KServeError) -> ServerTLSMaterial {
        switch settings {
        case .files(let certificatePath, let keyPath):
            let pair = CertificatePair(
                certificatePEM: try read(certificatePath, option: "--tls-cert"),
                keyPEM: try read(keyPath, option: "--tls-key")
            )
            try CertificateIssuer.validatePair(
                pair,
                certificateName: "--tls-cert \(certificatePath)",
                keyName: "--tls-key \(keyPath)"
            )
            return ServerTLSMaterial(server: pair, certificateAuthorityPEM: nil)
        case .generated(let directory):
            return try generated(in: directory, address: address, logger: logger)
        }
    }

    static func generated(
        in directory: String?,
        address: String,
        logger: Logger
    ) throws(KServeError) -> ServerTLSMaterial {
        let names = SubjectAltName.names(forAddress: address)
        let files = try directory.map { (path) throws(KServeError) in try StateFiles(root: path) }
        var authority = try files.flatMap { (files) throws(KServeError) in try stored(files, "ca.crt", "ca.key") }
        if let current = authority, !CertificateIssuer.isUsableAuthority(current) { authority = nil }
        let reuseAuthority = authority != nil
        let ca: CertificatePair
        if let authority {
            ca = authority
        } else {
            ca = try CertificateIssuer.makeAuthority(commonName: "kserve serve local CA")
        }
        if !reuseAuthority, let files {
            try files.write(ca.keyPEM, to: "ca.key")
            try files.write(ca.certificatePEM, to: "ca.crt")
            logger.info("TLS: generated a CA in \(files.root)/ca.crt", metadata: ["path": "\(files.root)/ca.crt"])
        }
        var server = try files.flatMap { (files) throws(KServeError) in try stored(files, "server.crt", "server.key") }
        if let current = server,
            !reuseAuthority
                || !CertificateIssuer.isUsableServerCertificate(current, authority: ca, altNames: names)
        {
            server = nil
        }
        if let server {
            logger.info("TLS: reusing the server certificate in \(files?.root ?? "")/server.crt")
            return ServerTLSMaterial(server: server, certificateAuthorityPEM: ca.certificatePEM)
        }
        let made = try CertificateIssuer.makeServerCertificate(altNames: names, authority: ca)
        if let files {
            try files.write(made.keyPEM, to: "server.key")
            try files.write(made.certificatePEM, to: "server.crt")
            logger.info(
                "TLS: generated a server certificate in \(files.root)/server.crt",
                metadata: ["path": "\(files.root)/server.crt"]
            )
        }
        return ServerTLSMaterial(server: made, certificateAuthorityPEM: ca.certificatePEM)
    }

    /// The pair stored under these names, or nil when either file is missing.
    private static func stored(
        _ files: StateFiles,
        _ certificate: String,
        _ key: String
    ) throws(KServeError) -> CertificatePair? {
        guard let certificatePEM = try files.read(certificate), let keyPEM = try files.read(key) else { return nil }
        return CertificatePair(certificatePEM: certificatePEM, keyPEM: keyPEM)
    }

    private static func read(_ path: String, option: String) throws(KServeError) -> [UInt8] {
        guard path != "-" else { throw KServeError(.usage, "\(option) needs a file, not standard input") }
        do {
            return try InputFile.read(path)
        } catch {
            throw KServeError(error.code, "\(option): \(error.message)", cause: error)
        }
    }
}
