/// Turns what the scanner read for one command into an `Invocation`, checking what only the whole command line
/// can tell: positionals, the output format, environment values, required options and conflicts.
struct InvocationBuilder {
    let command: CommandSpec
    let scope: OptionScope
    let environment: [String: String]

    func build(from state: ArgumentScanner.State) -> Result<Invocation, UsageError> {
        if let problem = checkPositionals(state.positionals) ?? checkOutput(state.given[CommandTable.outputOption]) {
            return .failure(problem)
        }
        let fromEnvironment: [String: String]
        switch environmentValues() {
        case .success(let values): fromEnvironment = values
        case .failure(let problem): return .failure(problem)
        }
        if let problem = checkRequired(state, fromEnvironment: fromEnvironment) ?? checkConflicts(state) {
            return .failure(problem)
        }
        return .success(
            Invocation(
                command: command.name,
                positionals: state.positionals,
                given: state.given,
                fromEnvironment: fromEnvironment,
                defaults: defaults()
            )
        )
    }

    private func usage(_ message: String, suggestion: String? = nil) -> UsageError {
        UsageError(message, command: command.name, suggestion: suggestion)
    }

    private func checkPositionals(_ positionals: [String]) -> UsageError? {
        let specs = command.positionals
        if let missing = specs.filter({ !$0.optional }).dropFirst(positionals.count).first {
            return usage("missing argument \(missing.name)")
        }
        if specs.last?.repeating != true, positionals.count > specs.count {
            return usage("unexpected argument '\(positionals[specs.count])'")
        }
        return nil
    }

    private func checkOutput(_ values: [String]?) -> UsageError? {
        guard let values, !values.isEmpty else { return nil }
        let formats = command.outputFormats
        let option = "--" + CommandTable.outputOption
        guard !formats.isEmpty else {
            return usage("option '\(option)' is not accepted by '\(CommandTable.programName) \(command.name)'")
        }
        let kind = ValueKind.choice(formats)
        for value in values {
            if let problem = ValueCheck.problem(value, kind: kind) {
                return usage(
                    "invalid value '\(value)' for \(option): \(problem)",
                    suggestion: ValueCheck.suggestion(value, kind: kind)
                )
            }
        }
        return nil
    }

    /// Non-empty environment values of the options in scope, checked like command-line values.
    private func environmentValues() -> Result<[String: String], UsageError> {
        var values: [String: String] = [:]
        for option in scope.options {
            guard let name = option.env, let value = environment[name], !value.isEmpty else { continue }
            let kind: ValueKind? = option.kind == .counter ? .int : option.kind.valueKind
            if let kind, let problem = ValueCheck.problem(value, kind: kind) {
                return .failure(
                    usage(
                        "invalid value '\(value)' for --\(option.long) (from \(name)): \(problem)",
                        suggestion: ValueCheck.suggestion(value, kind: kind)
                    )
                )
            }
            values[option.long] = value
        }
        return .success(values)
    }

    private func checkRequired(_ state: ArgumentScanner.State, fromEnvironment: [String: String]) -> UsageError? {
        let missing = scope.options.filter { $0.required && !state.has($0.long) && fromEnvironment[$0.long] == nil }
        guard !missing.isEmpty else { return nil }
        let names = missing.map { "'--\($0.long)'" }.joined(separator: ", ")
        return usage("missing required option\(missing.count > 1 ? "s" : "") \(names)")
    }

    private func checkConflicts(_ state: ArgumentScanner.State) -> UsageError? {
        if state.has("quiet"), state.has("verbose") {
            return usage("options '--quiet' and '--verbose' cannot be used together")
        }
        return nil
    }

    private func defaults() -> [String: String] {
        var values: [String: String] = [:]
        for option in scope.options {
            if let value = option.defaultValue { values[option.long] = value }
        }
        if let format = command.outputFormats.first { values[CommandTable.outputOption] = format }
        return values
    }
}
