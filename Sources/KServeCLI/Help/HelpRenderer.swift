/// Renders `kserve --help`, `kserve help COMMAND` and usage lines from `CommandTable`.
package enum HelpRenderer {
    /// Help text never goes past this column.
    package static let width = 100

    /// The help page of the command with this name or alias; the top-level page for `nil` or an unknown name.
    /// Ends with a newline.
    package static func help(for command: String?) -> String {
        help(for: command, in: .standard)
    }

    static func help(for command: String?, in table: CommandSet) -> String {
        guard let name = command, let spec = table.command(named: name) else { return topLevelHelp(table) }
        return commandHelp(spec, table)
    }

    /// `Usage: kserve predict --model NAME --input FILE [options]`, or the top-level usage for `nil` or an unknown
    /// name. No trailing newline.
    package static func usageLine(for command: String?) -> String {
        usageLine(for: command, in: .standard)
    }

    static func usageLine(for command: String?, in table: CommandSet) -> String {
        "Usage: " + synopsis(command.flatMap(table.command(named:)))
    }

    static func synopsis(_ command: CommandSpec?) -> String {
        guard let command else { return "\(CommandTable.programName) COMMAND [options]" }
        var words = [CommandTable.programName, command.name]
        for option in command.options where option.required && !option.hidden {
            words.append("--\(option.long)" + (placeholder(option).map { " " + $0 } ?? ""))
        }
        for positional in command.positionals {
            let name = positional.name + (positional.repeating ? "..." : "")
            words.append(positional.optional ? "[\(name)]" : name)
        }
        words.append("[options]")
        return words.joined(separator: " ")
    }

    private static func topLevelHelp(_ table: CommandSet) -> String {
        let commands = table.commands.filter { !$0.hidden }.map { command in
            let aliases = command.aliases.isEmpty ? "" : " (alias: \(command.aliases.joined(separator: ", ")))"
            return HelpRow(term: command.name, description: command.abstract + aliases)
        }
        let options = rows(for: table.rootOptions)
        let globals = rows(for: table.globalOptions)
        let statuses = CommandTable.exitStatuses.map { HelpRow(term: String($0.code), description: $0.meaning) }
        let column = HelpRow.column(for: commands + options + globals)

        var lines = [CommandTable.programName + " - " + CommandTable.programAbstract + ".", ""]
        lines += section("Usage:", ["  " + synopsis(nil)])
        lines += section("Commands:", HelpRow.render(commands, column: column, width: width))
        lines += section("Options:", HelpRow.render(options, column: column, width: width))
        lines += section("Global options:", HelpRow.render(globals, column: column, width: width))
        lines += section("Exit status:", HelpRow.render(statuses, column: HelpRow.column(for: statuses), width: width))
        lines.append("Run '\(CommandTable.programName) COMMAND --help' for more about a command.")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func commandHelp(_ command: CommandSpec, _ table: CommandSet) -> String {
        let arguments = command.positionals.map { HelpRow(term: $0.name, description: $0.help) }
        let options = rows(for: command.options)
        let globals = rows(for: globalOptions(for: command, table.globalOptions))
        let column = HelpRow.column(for: arguments + options + globals)

        var lines = TextWrapper.wrap(command.abstract + ".", width: width, indent: 0) + [""]
        if let discussion = command.discussion {
            lines += TextWrapper.paragraphs(discussion, width: width, indent: 0) + [""]
        }
        lines += section("Usage:", ["  " + synopsis(command)])
        if !command.aliases.isEmpty {
            lines += section("Aliases:", ["  " + command.aliases.joined(separator: ", ")])
        }
        lines += section("Arguments:", HelpRow.render(arguments, column: column, width: width))
        lines += section("Options:", HelpRow.render(options, column: column, width: width))
        lines += section("Global options:", HelpRow.render(globals, column: column, width: width))
        lines += section("Examples:", examples(command.examples))
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The global options as this command accepts them: `--output` lists the command's formats, or is left out.
    private static func globalOptions(for command: CommandSpec, _ globals: [OptionSpec]) -> [OptionSpec] {
        globals.compactMap { option in
            guard option.long == CommandTable.outputOption else { return option }
            guard let first = command.outputFormats.first else { return nil }
            var output = option
            output.kind = .value(.choice(command.outputFormats), valueName: option.kind.valueName ?? "FORMAT")
            output.help = "Output format"
            output.defaultValue = first
            return output
        }
    }

    private static func rows(for options: [OptionSpec]) -> [HelpRow] {
        options.filter { !$0.hidden }.map { option in
            let short = option.short.map { "-\($0), " } ?? "    "
            let value = placeholder(option).map { " " + $0 } ?? ""
            return HelpRow(term: short + "--" + option.long + value, description: describe(option))
        }
    }

    /// The value placeholder: the choices for a choice option (`v1|v2`), else the table's value name.
    private static func placeholder(_ option: OptionSpec) -> String? {
        if case .choice(let choices) = option.kind.valueKind { return choices.joined(separator: "|") }
        return option.kind.valueName
    }

    private static func describe(_ option: OptionSpec) -> String {
        var notes: [String] = []
        if option.required { notes.append("[required]") }
        if case .repeated = option.kind { notes.append("[repeatable]") }
        let space = TextWrapper.noBreakSpace
        if let value = option.defaultValue { notes.append("[default:\(space)\(value)]") }
        if let env = option.env { notes.append("[env:\(space)\(env)]") }
        return ([option.help] + notes).joined(separator: " ")
    }

    private static func examples(_ examples: [CommandSpec.Example]) -> [String] {
        var lines: [String] = []
        for (number, example) in examples.enumerated() {
            if number > 0 { lines.append("") }
            lines += TextWrapper.wrap("# " + example.description, width: width, indent: 4, firstIndent: 2)
            lines.append("  " + example.command)
        }
        return lines
    }

    /// A titled section followed by a blank line; nothing when it has no lines.
    private static func section(_ title: String, _ body: [String]) -> [String] {
        body.isEmpty ? [] : [title] + body + [""]
    }
}
