/// One option of a command (or of every command, for global options), as declared in the command table.
package struct OptionSpec: Sendable, Equatable {
    /// How an option consumes arguments.
    package enum Kind: Sendable, Equatable {
        /// Present or absent; takes no value.
        case flag
        /// A flag that may repeat to raise a level (`-vvv` counts 3).
        case counter
        /// Takes one value; when repeated the last one wins.
        case value(ValueKind, valueName: String)
        /// Takes one value per occurrence; all occurrences are kept in order.
        case repeated(ValueKind, valueName: String)
    }

    /// The name after `--`, such as `model`.
    package var long: String { key.name }
    /// The same name, as commands read the option.
    package var key: OptionKey
    /// The letter after `-`, such as `m`.
    package var short: Character?
    package var kind: Kind
    package var help: String
    /// Used when the option is neither given nor set through `env`; shown as `[default: ...]`.
    package var defaultValue: String?
    /// An environment variable read when the option is not given. For flags any non-empty value sets the flag
    /// (the `NO_COLOR` convention); for counters the value is a number.
    package var env: String?
    /// The command fails with a usage error when the option is neither given nor set through `env`.
    package var required: Bool
    package var completion: CompletionKind
    /// Accepted by the parser but never shown in help or suggested.
    package var hidden: Bool

    /// A choice option without an explicit completion completes to its choices.
    package init(
        long: OptionKey,
        short: Character? = nil,
        kind: Kind,
        help: String,
        defaultValue: String? = nil,
        env: String? = nil,
        required: Bool = false,
        completion: CompletionKind = .none,
        hidden: Bool = false
    ) {
        self.key = long
        self.short = short
        self.kind = kind
        self.help = help
        self.defaultValue = defaultValue
        self.env = env
        self.required = required
        if completion == .none, case .choice(let choices) = kind.valueKind {
            self.completion = .values(choices)
        } else {
            self.completion = completion
        }
        self.hidden = hidden
    }

    /// Whether the option consumes a value argument.
    package var takesValue: Bool { kind.valueKind != nil }
}

extension OptionSpec.Kind {
    /// The value kind of a value-taking option; `nil` for flags and counters.
    package var valueKind: ValueKind? {
        switch self {
        case .flag, .counter: return nil
        case .value(let kind, _), .repeated(let kind, _): return kind
        }
    }

    /// The placeholder shown in help, such as `NAME`; `nil` for flags and counters.
    package var valueName: String? {
        switch self {
        case .flag, .counter: return nil
        case .value(_, let name), .repeated(_, let name): return name
        }
    }
}
