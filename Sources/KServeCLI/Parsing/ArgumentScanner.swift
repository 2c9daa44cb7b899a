/// Walks the arguments once, left to right, recording options of the current scope and collecting positionals.
struct ArgumentScanner {
    /// What has been read so far.
    struct State {
        /// Occurrences by long name; flags and counters record an empty string each.
        var given: [String: [String]] = [:]
        var positionals: [String] = []

        func has(_ long: String) -> Bool {
            given[long].map { !$0.isEmpty } == true
        }
    }

    let arguments: [String]
    private(set) var state = State()
    private var index = 0
    private var optionsEnded = false

    init(arguments: [String]) {
        self.arguments = arguments
    }

    /// Whether `-h` or `--help` appears before any `--`; help then wins over a usage error in other arguments.
    var helpRequestedAnywhere: Bool {
        arguments.prefix { $0 != "--" }.contains { $0 == "-h" || $0 == "--help" }
    }

    /// Takes the next argument as the command name.
    mutating func nextCommandWord() -> String? {
        guard index < arguments.count else { return nil }
        defer { index += 1 }
        return arguments[index]
    }

    /// Reads options of `scope` until the arguments run out (or, with `stopAtPositional`, until the first
    /// positional, left unread). Returns the first problem found.
    mutating func scanOptions(in scope: OptionScope, command: String?, stopAtPositional: Bool) -> UsageError? {
        while index < arguments.count {
            let argument = arguments[index]
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                if stopAtPositional { return nil }
                state.positionals.append(argument)
                index += 1
                continue
            }
            index += 1
            if argument == "--" {
                optionsEnded = true
                continue
            }
            let problem =
                argument.hasPrefix("--")
                ? scanLong(argument.dropFirst(2), scope: scope, command: command)
                : scanShortCluster(argument.dropFirst(), scope: scope, command: command)
            if let problem { return problem }
        }
        return nil
    }

    /// `--name`, `--name=value` or `--name value`.
    private mutating func scanLong(_ body: Substring, scope: OptionScope, command: String?) -> UsageError? {
        let equals = body.firstIndex(of: "=")
        let name = String(body[..<(equals ?? body.endIndex)])
        let inline = equals.map { String(body[body.index(after: $0)...]) }
        guard let option = scope.option(long: name) else {
            return UsageError("unknown option '--\(name)'", command: command, suggestion: scope.suggestion(for: name))
        }
        let spelling = "--" + name
        guard let kind = option.kind.valueKind else {
            if inline != nil { return UsageError("option '\(spelling)' does not take a value", command: command) }
            state.given[option.long, default: []].append("")
            return nil
        }
        guard let value = inline ?? takeValueArgument() else {
            return UsageError("option '\(spelling)' needs a value", command: command)
        }
        return record(value, for: option, kind: kind, spelling: spelling, command: command)
    }

    /// `-abc`: flags and counters in a row; a value option takes the rest of the word (`-mNAME`, `-m=NAME`) or,
    /// at the end of the word, the next argument.
    private mutating func scanShortCluster(_ body: Substring, scope: OptionScope, command: String?) -> UsageError? {
        var position = body.startIndex
        while position < body.endIndex {
            let letter = body[position]
            position = body.index(after: position)
            guard let option = scope.option(short: letter) else {
                let meant = scope.option(long: String(body)).flatMap { $0.hidden ? nil : "--" + $0.long }
                return UsageError("unknown option '-\(letter)'", command: command, suggestion: meant)
            }
            let spelling = "-" + String(letter)
            guard let kind = option.kind.valueKind else {
                state.given[option.long, default: []].append("")
                continue
            }
            var rest = body[position...]
            if rest.first == "=" { rest = rest.dropFirst() }
            let attached = position < body.endIndex ? String(rest) : nil
            guard let value = attached ?? takeValueArgument() else {
                return UsageError("option '\(spelling)' needs a value", command: command)
            }
            return record(value, for: option, kind: kind, spelling: spelling, command: command)
        }
        return nil
    }

    /// The next argument as an option's value, unless it looks like another option (`-` and negative numbers are
    /// values). Write `--name=-x` for a value that starts with a dash.
    private mutating func takeValueArgument() -> String? {
        guard index < arguments.count else { return nil }
        let candidate = arguments[index]
        if candidate.hasPrefix("-"), candidate.count > 1, Double(candidate) == nil { return nil }
        index += 1
        return candidate
    }

    /// Validates a value by its kind and records it. The output format is checked later, against the command.
    private mutating func record(
        _ value: String,
        for option: OptionSpec,
        kind: ValueKind,
        spelling: String,
        command: String?
    ) -> UsageError? {
        if option.long != CommandTable.outputOption, let problem = ValueCheck.problem(value, kind: kind) {
            return UsageError(
                "invalid value '\(value)' for \(spelling): \(problem)",
                command: command,
                suggestion: ValueCheck.suggestion(value, kind: kind)
            )
        }
        state.given[option.long, default: []].append(value)
        return nil
    }
}
