/// Where `kserve serve --tls` gets its certificate and key.
package enum TLSSettings: Sendable, Equatable {
    /// A CA and a server certificate it signs, generated on first use and kept under `directory` (`ca.crt`,
    /// `ca.key`, `server.crt`, `server.key`), reused while valid; nil keeps them in memory for this run only.
    case generated(directory: String?)
    /// The PEM certificate (chain) and private key in these files.
    case files(certificate: String, key: String)
}
