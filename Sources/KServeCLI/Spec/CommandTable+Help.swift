extension CommandTable {
    /// The name of the `help` command, which the parser answers itself.
    package static let helpCommandName = "help"

    /// The `help` command; its argument completes to the names of the visible commands listed before it.
    static func helpCommand(listing names: [String]) -> CommandSpec {
        CommandSpec(
            name: helpCommandName,
            abstract: "Show help for kserve or one of its commands",
            positionals: [
                PositionalSpec(
                    name: "COMMAND",
                    help: "Command to describe",
                    optional: true,
                    completion: .values(names + ["help"])
                )
            ],
            examples: [
                .init("Show the options of predict", "kserve help predict")
            ]
        )
    }
}
