import Core
import NIOSSL

extension ServerTLSMaterial {
    /// The NIOSSL server configuration for this material (TLS 1.2 and later, HTTP/1.1 over ALPN).
    func nioConfiguration() throws(KServeError) -> TLSConfiguration {
        do {
            let chain = try NIOSSLCertificate.fromPEMBytes(server.certificatePEM)
            guard !chain.isEmpty else { throw KServeError(.tls, "the TLS certificate file holds no certificate") }
            let key = try NIOSSLPrivateKey(bytes: server.keyPEM, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) },
                privateKey: .privateKey(key)
            )
            configuration.minimumTLSVersion = .tlsv12
            configuration.applicationProtocols = ["http/1.1"]
            return configuration
        } catch let error as KServeError {
            throw error
        } catch {
            throw KServeError(.tls, "the TLS certificate or key cannot be used: \(error)", cause: error)
        }
    }
}
