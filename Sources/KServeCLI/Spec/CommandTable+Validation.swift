extension CommandTable {
    /// The output formats a command may declare.
    package static let knownOutputFormats = ["table", "wide", "json", "yaml", "name", "text", "human", "csv"]

    /// Definition-time problems of the table, one sentence each; empty when the table is sound. Tests keep it
    /// empty, so a new command cannot break parsing, help or completions unnoticed.
    package static func validate() -> [String] {
        validate(.standard)
    }

    static func validate(_ table: CommandSet) -> [String] {
        var problems = checkCommandNames(table.commands)
        problems += checkOptions(table.rootOptions + table.globalOptions, context: "global options")
        if table.commands.contains(where: { !$0.outputFormats.isEmpty }),
            table.globalOptions.first(where: { $0.long == outputOption })?.takesValue != true
        {
            problems.append("global options: commands declare output formats but --\(outputOption) takes no value")
        }
        for command in table.commands {
            problems += checkOptions(command.options + table.globalOptions, context: command.name)
            problems += checkPositionals(command)
            problems += checkOutputFormats(command)
            problems += checkExamples(command, in: table)
        }
        return problems
    }

    private static func checkCommandNames(_ commands: [CommandSpec]) -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        for command in commands {
            for name in [command.name] + command.aliases {
                if !seen.insert(name).inserted { problems.append("command name '\(name)' is used twice") }
                if !isWord(name) { problems.append("command name '\(name)' is not lowercase letters, digits, '-'") }
            }
            if command.abstract.isEmpty || command.abstract.hasSuffix(".") {
                problems.append("\(command.name): the abstract must be one line without a final period")
            }
        }
        return problems
    }

    /// Options that share one command line: names unique, names well formed, values and defaults consistent.
    private static func checkOptions(_ options: [OptionSpec], context: String) -> [String] {
        var problems: [String] = []
        var longs = Set<String>()
        var shorts = Set<Character>()
        for option in options {
            let name = "\(context): option '--\(option.long)'"
            if !longs.insert(option.long).inserted {
                problems.append("\(context): '--\(option.long)' is declared twice")
            }
            if let short = option.short {
                if !shorts.insert(short).inserted { problems.append("\(context): '-\(short)' is declared twice") }
                if !(short.isASCII && (short.isLetter || short.isNumber)) {
                    problems.append("\(name): short name '\(short)' is not a letter or digit")
                }
            }
            if !isWord(option.long) { problems.append("\(name): long name is not lowercase letters, digits, '-'") }
            if option.help.isEmpty && !option.hidden { problems.append("\(name): help text is empty") }
            if let env = option.env, !isEnvironmentName(env) {
                problems.append("\(name): '\(env)' is not an environment variable name")
            }
            if option.required && (option.defaultValue != nil || option.hidden) {
                problems.append("\(name): a required option can be neither defaulted nor hidden")
            }
            problems += checkValue(of: option).map { "\(name): \($0)" }
        }
        return problems
    }

    private static func checkValue(of option: OptionSpec) -> [String] {
        guard let kind = option.kind.valueKind else {
            return option.defaultValue == nil ? [] : ["a flag or counter cannot have a default"]
        }
        var problems: [String] = []
        if option.kind.valueName?.isEmpty != false { problems.append("the value name is empty") }
        if case .choice(let choices) = kind, choices.isEmpty || Set(choices).count != choices.count {
            problems.append("choices must be non-empty and distinct")
        }
        if let value = option.defaultValue, let problem = ValueCheck.problem(value, kind: kind) {
            problems.append("default '\(value)' is invalid: \(problem)")
        }
        return problems
    }

    private static func checkPositionals(_ command: CommandSpec) -> [String] {
        var problems: [String] = []
        var sawOptional = false
        for (index, positional) in command.positionals.enumerated() {
            let name = "\(command.name): argument \(positional.name)"
            if positional.repeating && index != command.positionals.count - 1 {
                problems.append("\(name): only the last argument may repeat")
            }
            if !positional.optional && sawOptional {
                problems.append("\(name): a required argument cannot follow an optional one")
            }
            if positional.name.isEmpty || positional.name.contains(where: { $0.isLowercase || $0 == " " }) {
                problems.append("\(name): the name must be uppercase without spaces")
            }
            sawOptional = sawOptional || positional.optional
        }
        return problems
    }

    private static func checkOutputFormats(_ command: CommandSpec) -> [String] {
        let formats = command.outputFormats
        var problems: [String] = []
        if Set(formats).count != formats.count { problems.append("\(command.name): an output format is listed twice") }
        for format in formats where !knownOutputFormats.contains(format) {
            problems.append("\(command.name): unknown output format '\(format)'")
        }
        return problems
    }

    /// Every example must parse: to a run of its own command, or (for `help`) to a help outcome.
    private static func checkExamples(_ command: CommandSpec, in table: CommandSet) -> [String] {
        command.examples.compactMap { example in
            let words = ExampleWords.split(example.command)
            guard words.first == programName else {
                return "\(command.name): example '\(example.command)' does not start with '\(programName)'"
            }
            switch ArgumentParser.parse(Array(words.dropFirst()), environment: [:], in: table) {
            case .success(.run(let invocation)) where invocation.command == command.name:
                return nil
            case .success(.help) where command.name == helpCommandName:
                return nil
            case .failure(let error):
                return "\(command.name): example '\(example.command)' does not parse: \(error.message)"
            case .success:
                return "\(command.name): example '\(example.command)' does not run \(command.name)"
            }
        }
    }

    private static func isWord(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLowercase || first.isNumber else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }

    private static func isEnvironmentName(_ name: String) -> Bool {
        guard let first = name.first, !first.isNumber else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }
    }
}
