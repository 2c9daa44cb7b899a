/// Renders a usage error for stderr: the problem, a suggestion, the usage line and where to read more.
package enum UsageErrorRenderer {
    /// Four lines at most, no trailing newline, such as:
    ///
    ///     error: unknown option '--modle'
    ///     Did you mean '--model'?
    ///     Usage: kserve predict --model NAME --input FILE [options]
    ///     Run 'kserve predict --help' for more.
    package static func render(_ error: UsageError) -> String {
        render(error, in: .standard)
    }

    static func render(_ error: UsageError, in table: CommandSet) -> String {
        var lines = ["error: " + error.message]
        if let suggestion = error.suggestion { lines.append("Did you mean '\(suggestion)'?") }
        lines.append(HelpRenderer.usageLine(for: error.command, in: table))
        let helpCommand = [CommandTable.programName] + (error.command.map { [$0] } ?? []) + ["--help"]
        lines.append("Run '\(helpCommand.joined(separator: " "))' for more.")
        return lines.joined(separator: "\n")
    }
}
