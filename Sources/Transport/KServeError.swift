/// The one error value of the project: a code a program can branch on, a message for people, and an optional cause.
///
/// Layers throw it (or wrap what they caught in it); only `main` turns a code into an exit status.
public struct KServeError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is. New codes can be added without breaking callers that switch on a few.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Bad command-line usage (unknown flag, missing value).
        public static let usage = Code("usage")
        /// Input the user gave is malformed: a file, JSON, YAML, a tensor.
        public static let invalidInput = Code("invalidInput")
        /// A local file or stream could not be read or written.
        public static let io = Code("io")
        /// Nothing listens at the address.
        public static let connectionRefused = Code("connectionRefused")
        /// The host name did not resolve.
        public static let dns = Code("dns")
        /// TLS handshake, certificate or key failure.
        public static let tls = Code("tls")
        /// A deadline passed.
        public static let timeout = Code("timeout")
        /// Other transport failure (reset, protocol error).
        public static let transport = Code("transport")
        /// The server answered with an error status not covered by a narrower code.
        public static let http = Code("http")
        /// 401/403 or a credential that could not be obtained.
        public static let auth = Code("auth")
        /// The named thing does not exist (HTTP 404, unknown model).
        public static let notFound = Code("notFound")
        /// The thing exists already or changed underneath (HTTP 409).
        public static let conflict = Code("conflict")
        /// A server answered with something that does not follow its protocol.
        public static let badResponse = Code("badResponse")
        /// Something this build does not implement.
        public static let unsupported = Code("unsupported")
        /// A wait ended in a state that will not become ready.
        public static let terminal = Code("terminal")
        /// The user interrupted.
        public static let interrupted = Code("interrupted")
        /// A bug: an invariant did not hold.
        public static let `internal` = Code("internal")
    }

    public var code: Code
    public var message: String
    public var cause: (any Error & Sendable)?
    /// HTTP status when the failure came from a server's answer.
    public var httpStatus: Int?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil, httpStatus: Int? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
        self.httpStatus = httpStatus
    }

    public var description: String { message }

    /// The message followed by each nested cause on its own indented line.
    public func detailedDescription() -> String {
        var lines = [message]
        var next = cause
        var depth = 1
        while let current = next {
            let indent = String(repeating: "  ", count: depth)
            if let nested = current as? KServeError {
                lines.append("\(indent)caused by: \(nested.message)")
                next = nested.cause
            } else {
                lines.append("\(indent)caused by: \(current)")
                next = nil
            }
            depth += 1
        }
        return lines.joined(separator: "\n")
    }
}
