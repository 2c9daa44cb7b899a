/// The parts of a command table the parser, help and validation read. `standard` is `CommandTable`; tests build
/// others to exercise shapes the real table does not have yet (hidden options, repeating arguments).
struct CommandSet: Sendable {
    var commands: [CommandSpec]
    var globalOptions: [OptionSpec]
    var rootOptions: [OptionSpec]

    static let standard = CommandSet(
        commands: CommandTable.commands,
        globalOptions: CommandTable.globalOptions,
        rootOptions: CommandTable.rootOptions
    )

    /// The command with this name or alias.
    func command(named name: String) -> CommandSpec? {
        commands.first { $0.name == name || $0.aliases.contains(name) }
    }
}
