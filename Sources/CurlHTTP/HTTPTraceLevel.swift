/// How much of each exchange ``HTTPClient`` reports to its trace sink.
package enum HTTPTraceLevel: Int, Sendable, Comparable {
    /// Nothing.
    case none = 0
    /// One line per request and one per response: method, URL, status, time, size.
    case requests = 2
    /// Also headers and (truncated) bodies. Credentials are always redacted.
    case bodies = 3

    package static func < (lhs: HTTPTraceLevel, rhs: HTTPTraceLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
