import Core

/// A name a server certificate is valid for.
enum SubjectAltName: Sendable, Hashable {
    case dns(String)
    case ip(String)

    /// An IP literal (IPv4, or IPv6 with or without brackets) becomes `.ip`, anything else `.dns`.
    init(host: String) {
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        self = Self.isIPAddress(name) ? .ip(name) : .dns(name.lowercased())
    }

    /// The names every generated server certificate carries, plus `address` when it is a specific one.
    static func names(forAddress address: String) -> [SubjectAltName] {
        var names: [SubjectAltName] = [.dns("localhost"), .ip("127.0.0.1"), .ip("::1")]
        let bound = SubjectAltName(host: address)
        let wildcard = address.isEmpty || address == "0.0.0.0" || address == "::" || address == "[::]"
        // A comma would end the name in OpenSSL's list syntax; such an address cannot be bound anyway.
        if !wildcard, !address.contains(","), !names.contains(bound) { names.append(bound) }
        return names
    }

    /// The OpenSSL configuration syntax for a subjectAltName list: `DNS:localhost,IP:127.0.0.1`.
    static func configValue(_ names: [SubjectAltName]) -> String {
        names.map { name in
            switch name {
            case .dns(let host): "DNS:" + host
            case .ip(let address): "IP:" + address
            }
        }.joined(separator: ",")
    }

    private static func isIPAddress(_ text: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, text, &buffer) == 1 || inet_pton(AF_INET6, text, &buffer) == 1
    }
}
