import Core

/// Validates a client's ``TLSOptions`` once, when the client is made.
enum TLSMaterial {
    static func validate(_ tls: TLSOptions) throws(KServeError) {
        if let data = tls.caData {
            try PEMValidator.validateCertificates(data, what: "CA data")
        } else if let path = tls.caFile {
            try PEMValidator.validateCertificates(try read(path, role: "CA"), what: "CA file \(path)")
        }

        var certificate: [UInt8]?
        if let data = tls.clientCertificateData {
            try PEMValidator.validateCertificates(data, what: "client certificate data")
            certificate = data
        } else if let path = tls.clientCertificateFile {
            let data = try read(path, role: "client certificate")
            try PEMValidator.validateCertificates(data, what: "client certificate file \(path)")
            certificate = data
        }

        var key: [UInt8]?
        if let data = tls.clientKeyData {
            try PEMValidator.validatePrivateKey(data, what: "client key data")
            key = data
        } else if let path = tls.clientKeyFile {
            let data = try read(path, role: "client key")
            try PEMValidator.validatePrivateKey(data, what: "client key file \(path)")
            key = data
        }

        switch (certificate, key) {
        case (let certificate?, let key?):
            try PEMValidator.validatePair(certificate: certificate, key: key)
        case (let certificate?, nil):
            // libcurl then looks for the key next to the certificate.
            guard PEMValidator.containsPrivateKey(certificate) else {
                throw KServeError(.tls, "a client certificate is set without a client key")
            }
            try PEMValidator.validatePair(certificate: certificate, key: certificate)
        case (nil, _?):
            throw KServeError(.tls, "a client key is set without a client certificate")
        case (nil, nil):
            break
        }

        if let name = tls.serverName {
            let invalid = name.isEmpty || name.contains { $0 == ":" || $0 == "/" || $0 == "@" || $0.isWhitespace }
            if invalid { throw KServeError(.invalidInput, "TLS server name '\(name)' is not a host name") }
        }
    }

    private static func read(_ path: String, role: String) throws(KServeError) -> [UInt8] {
        do {
            return try InputFile.read(path)
        } catch {
            throw KServeError(.io, "\(role) file: \(error.message)", cause: error)
        }
    }
}
