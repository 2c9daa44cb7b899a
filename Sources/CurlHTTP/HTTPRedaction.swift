/// Hides credentials before anything is traced or put in a message.
package enum HTTPRedaction {
    package static let marker = "<redacted>"

    private static let sensitiveNames: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
    ]

    /// Whether a header's value is a credential: the well-known names and any name containing "token".
    package static func isSensitive(headerName: String) -> Bool {
        let lowered = String(decoding: headerName.utf8.map(asciiLower), as: UTF8.self)
        return sensitiveNames.contains(lowered) || lowered.contains("token")
    }

    /// The value to show for a header.
    package static func value(_ value: String, forHeader name: String) -> String {
        isSensitive(headerName: name) ? marker : value
    }

    /// `url` with any userinfo (`user:password@`) replaced by the marker.
    package static func url(_ url: String) -> String {
        let bytes = Array(url.utf8)
        let authorityStart: Int
        if let schemeEnd = find(Array("://".utf8), in: bytes) {
            authorityStart = schemeEnd + 3
        } else if bytes.starts(with: Array("//".utf8)) {
            authorityStart = 2
        } else {
            return url
        }
        let endsAuthority: Set<UInt8> = [UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#")]
        let authorityEnd = bytes[authorityStart...].firstIndex { endsAuthority.contains($0) } ?? bytes.count
        guard let at = bytes[authorityStart..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) else { return url }
        let prefix = String(decoding: bytes[..<authorityStart], as: UTF8.self)
        let suffix = String(decoding: bytes[at...], as: UTF8.self)
        return prefix + marker + suffix
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { start in
            haystack[start..<start + needle.count].elementsEqual(needle)
        }
    }
}
