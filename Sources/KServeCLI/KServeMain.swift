import Core

/// The entry point behind `main.swift`: parses, dispatches, and maps every outcome to an exit status.
/// The only place that prints errors and decides exit codes.
package enum KServeMain {
    package static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        let outcome: ParseOutcome
        switch ArgumentParser.parse(arguments, environment: environment) {
        case .success(let parsed): outcome = parsed
        case .failure(let usageError):
            let terminal = Terminal(noColor: arguments.contains("--no-color"), environment: environment)
            terminal.err(UsageErrorRenderer.render(usageError).withTrailingNewline)
            return ExitStatus.usage
        }

        switch outcome {
        case .help(let command):
            let terminal = Terminal(noColor: true, environment: environment)
            terminal.out(HelpRenderer.help(for: command).withTrailingNewline)
            return ExitStatus.success
        case .version:
            Terminal(noColor: true, environment: environment).out(VersionCommand.text)
            return ExitStatus.success
        case .run(let invocation):
            let terminal = Terminal(noColor: invocation.flag(.noColor), environment: environment)
            let context = CommandContext(invocation: invocation, terminal: terminal, environment: environment)
            do {
                return try await dispatch(context)
            } catch {
                report(error, context: context)
                return ExitStatus.code(for: error)
            }
        }
    }

    private static func dispatch(_ context: CommandContext) async throws(KServeError) -> Int32 {
        switch context.invocation.command {
        case "predict": return try await PredictCommand(context: context).run()
        case "models": return try await ModelsCommand(context: context).run()
        case "deploy": return try await DeployCommand(context: context).run()
        case "scale": return try await ScaleCommand(context: context).run()
        case "delete": return try await DeleteCommand(context: context).run()
        case "bench": return try await BenchCommand(context: context).run()
        case "serve": return try await ServeCommand(context: context).run()
        case "version": return VersionCommand(context: context).run()
        default:
            throw KServeError(
                .internal,
                "command '\(context.invocation.command)' is in the table but has no implementation"
            )
        }
    }

    private static func report(_ error: KServeError, context: CommandContext) {
        context.terminal.error(context.verbosity >= 1 ? error.detailedDescription() : error.message)
        if error.code == .usage {
            context.terminal.err(HelpRenderer.usageLine(for: context.invocation.command).withTrailingNewline)
            context.terminal.err("Run 'kserve \(context.invocation.command) --help' for more.\n")
        }
    }

    /// The process environment as a dictionary (no Foundation, to keep start-up fast).
    package static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}

extension String {
    var withTrailingNewline: String { hasSuffix("\n") ? self : self + "\n" }
}
