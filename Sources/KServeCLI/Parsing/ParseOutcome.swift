/// What a valid command line asks for.
package enum ParseOutcome: Sendable, Equatable {
    /// Run this command.
    case run(Invocation)
    /// Print help: for the command with this canonical name, or the top-level help for `nil`.
    case help(command: String?)
    /// Print the version (`kserve --version`).
    case version
}
