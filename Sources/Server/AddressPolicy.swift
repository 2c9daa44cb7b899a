import Core

/// Which addresses the server may bind without a token.
enum AddressPolicy {
    /// True for `localhost`, IPv4 127.0.0.0/8 and IPv6 `::1` (also spelled in full or bracketed).
    static func isLoopback(_ address: String) -> Bool {
        var host = address.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && UInt8($0) != nil }) {
            return octets[0] == "127"
        }
        return isIPv6Loopback(host)
    }

    /// `::1` in any of its spellings: seven zero groups then 1.
    private static func isIPv6Loopback(_ host: String) -> Bool {
        guard host.contains(":") else { return false }
        let halves = host.components(separatedByString: "::")
        var groups: [Substring] = []
        switch halves.count {
        case 1:
            groups = host.split(separator: ":", omittingEmptySubsequences: false)
            guard groups.count == 8 else { return false }
        case 2:
            let head = halves[0].isEmpty ? [] : halves[0].split(separator: ":", omittingEmptySubsequences: false)
            let tail = halves[1].isEmpty ? [] : halves[1].split(separator: ":", omittingEmptySubsequences: false)
            guard head.count + tail.count < 8 else { return false }
            groups = head + Array(repeating: "0", count: 8 - head.count - tail.count) + tail
        default:
            return false
        }
        guard groups.allSatisfy({ !$0.isEmpty && $0.count <= 4 && UInt16($0, radix: 16) != nil }) else { return false }
        return groups.dropLast().allSatisfy { UInt16($0, radix: 16) == 0 } && UInt16(groups[7], radix: 16) == 1
    }

    /// Checks the address and token before binding: a non-loopback address needs a non-empty token.
    static func check(address: String, token: String?) throws(KServeError) {
        if let token, token.isEmpty {
            throw KServeError(.usage, "--token is empty: give a non-empty token or leave it out")
        }
        guard token == nil, !isLoopback(address) else { return }
        throw KServeError(
            .usage,
            "refusing to serve on \(address) without a token: only loopback addresses may be used without --token "
                + "(anyone who can reach \(address) could load, unload and query models)"
        )
    }
}

extension String {
    /// Splits on a multi-character separator (no Foundation).
    fileprivate func components(separatedByString separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
