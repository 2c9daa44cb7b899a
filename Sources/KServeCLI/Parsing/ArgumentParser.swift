/// The `kserve` command-line parser, driven by `CommandTable`.
///
/// Accepts `--name=value`, `--name value`, clusters of short options (`-vvq`, `-mNAME`), `--` to end options,
/// repeated options and `-` as an ordinary value. Global options may come before or after the command. Parsing is
/// pure: it never prints and never exits.
package enum ArgumentParser {
    /// Parses `arguments` (without the program name); `environment` supplies the options' fallbacks.
    package static func parse(
        _ arguments: [String],
        environment: [String: String]
    ) -> Result<ParseOutcome, UsageError> {
        parse(arguments, environment: environment, in: .standard)
    }

    static func parse(
        _ arguments: [String],
        environment: [String: String],
        in table: CommandSet
    ) -> Result<ParseOutcome, UsageError> {
        var scanner = ArgumentScanner(arguments: arguments)
        let rootScope = OptionScope(table.rootOptions + table.globalOptions)
        if let error = scanner.scanOptions(in: rootScope, command: nil, stopAtPositional: true) {
            return scanner.helpRequestedAnywhere ? .success(.help(command: nil)) : .failure(error)
        }
        if scanner.state.has(CommandTable.versionOption) { return .success(.version) }
        guard let name = scanner.nextCommandWord() else { return .success(.help(command: nil)) }
        guard let command = table.command(named: name) else {
            return .failure(unknownCommand(name, in: table))
        }
        let scope = OptionScope(command.options + table.globalOptions)
        if let error = scanner.scanOptions(in: scope, command: command.name, stopAtPositional: false) {
            return scanner.helpRequestedAnywhere ? .success(.help(command: command.name)) : .failure(error)
        }
        if command.name == CommandTable.helpCommandName {
            return helpCommandOutcome(scanner.state, in: table)
        }
        if scanner.state.has(CommandTable.helpOption) { return .success(.help(command: command.name)) }
        return InvocationBuilder(command: command, scope: scope, environment: environment)
            .build(from: scanner.state)
            .map { .run($0) }
    }

    /// `kserve help [COMMAND]`: the outcome is help for the named command, even when given through an alias.
    private static func helpCommandOutcome(
        _ state: ArgumentScanner.State,
        in table: CommandSet
    ) -> Result<ParseOutcome, UsageError> {
        let helpName = CommandTable.helpCommandName
        if state.positionals.count > 1 {
            return .failure(UsageError("unexpected argument '\(state.positionals[1])'", command: helpName))
        }
        guard let name = state.positionals.first else {
            let askedAboutHelp = state.has(CommandTable.helpOption)
            return .success(.help(command: askedAboutHelp ? helpName : nil))
        }
        guard let command = table.command(named: name) else { return .failure(unknownCommand(name, in: table)) }
        return .success(.help(command: command.name))
    }

    private static func unknownCommand(_ name: String, in table: CommandSet) -> UsageError {
        let names = table.commands.filter { !$0.hidden }.flatMap { [$0.name] + $0.aliases }
        return UsageError(
            "unknown command '\(name)'",
            command: nil,
            suggestion: Suggestion.closest(to: name, among: names)
        )
    }
}
