/// The one error value of the project: a code a program can branch on, a message for people, and an optional cause.
///
/// Layers throw it (or wrap what they caught in it); only `main` turns a code into an exit status.
package struct KServeError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is. New codes can be added without breaking callers that switch on a few.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let name: String
        package init(_ name: String) { self.name = name }
        package var description: String { name }

        /// Bad command-line usage (unknown flag, missing value).
        package static let usage = Code("usage")
        /// Input the user gave is malformed: a file, JSON, YAML, a tensor.
        package static let invalidInput = Code("invalidInput")
        /// A local file or stream could not be read or written.
        package static let io = Code("io")
        /// Nothing listens at the address.
        package static let connectionRefused = Code("connectionRefused")
        /// The host name did not resolve.
        package static let dns = Code("dns")
        /// TLS handshake, certificate or key failure.
        package static let tls = Code("tls")
        /// A deadline passed.
        package static let timeout = Code("timeout")
        /// Other transport failure (reset, protocol error).
        package static let transport = Code("transport")
        /// The server answered with an error status not covered by a narrower code.
        package static let http = Code("http")
        /// 401/403 or a credential that could not be obtained.
        package static let auth = Code("auth")
        /// The named thing does not exist (HTTP 404, unknown model).
        package static let notFound = Code("notFound")
        /// The thing exists already or changed underneath (HTTP 409).
        package static let conflict = Code("conflict")
        /// A server answered with something that does not follow its protocol.
        package static let badResponse = Code("badResponse")
        /// The thing exists but cannot serve now: a model not loaded, loading past its deadline, failed to load,
        /// unloaded, or a repository shutting down. A server answers 503.
        package static let unavailable = Code("unavailable")
        /// A request or a model needs more memory than it may use (a request's tensors past its limit, a model past
        /// the memory budget). A server answers 413 for a request.
        package static let resourceExhausted = Code("resourceExhausted")
        /// Something this build does not implement.
        package static let unsupported = Code("unsupported")
        /// A wait ended in a state that will not become ready.
        package static let terminal = Code("terminal")
        /// The user interrupted.
        package static let interrupted = Code("interrupted")
        /// A bug: an invariant did not hold.
        package static let `internal` = Code("internal")
    }

    package var code: Code
    package var message: String
    package var cause: (any Error & Sendable)?
    /// HTTP status when the failure came from a server's answer.
    package var httpStatus: Int?

    package init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil, httpStatus: Int? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
        self.httpStatus = httpStatus
    }

    package var description: String { message }

    /// The same error with another code: `.badResponse` for what a server sent, `.unsupported` for a valid field
    /// this build does not implement.
    package func with(code: Code) -> KServeError {
        var copy = self
        copy.code = code
        return copy
    }

    /// The message followed by each nested cause on its own indented line.
    package func detailedDescription() -> String {
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
