/// A certificate and its private key, both PEM.
public struct CertificatePair: Sendable, Equatable {
    public var certificatePEM: [UInt8]
    public var keyPEM: [UInt8]

    public init(certificatePEM: [UInt8], keyPEM: [UInt8]) {
        self.certificatePEM = certificatePEM
        self.keyPEM = keyPEM
    }
}
