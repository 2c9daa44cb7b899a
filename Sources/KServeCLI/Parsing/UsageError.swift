/// A command line that cannot run: what is wrong, for which command, and a likely fix.
///
/// `main` renders it with `UsageErrorRenderer` and exits with the usage status.
package struct UsageError: Error, Sendable, Equatable {
    /// What is wrong, such as `unknown option '--modle'`.
    package var message: String
    /// The canonical name of the command being parsed; `nil` before one was recognised.
    package var command: String?
    /// What the user probably meant, such as `--model`.
    package var suggestion: String?

    package init(_ message: String, command: String? = nil, suggestion: String? = nil) {
        self.message = message
        self.command = command
        self.suggestion = suggestion
    }
}
