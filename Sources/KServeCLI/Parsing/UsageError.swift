/// A command line that cannot run: what is wrong, for which command, and a likely fix.
///
/// `main` renders it with `UsageErrorRenderer` and exits with the usage status.
public struct UsageError: Error, Sendable, Equatable {
    /// What is wrong, such as `unknown option '--modle'`.
    public var message: String
    /// The canonical name of the command being parsed; `nil` before one was recognised.
    public var command: String?
    /// What the user probably meant, such as `--model`.
    public var suggestion: String?

    public init(_ message: String, command: String? = nil, suggestion: String? = nil) {
        self.message = message
        self.command = command
        self.suggestion = suggestion
    }
}
